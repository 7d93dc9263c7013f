// The activation pages (/activation/<id>, the link from the activation e-mail): prove who you are, choose private MitID or a dedicated one.
// Over 250 lines: the activation flow's steps in order (proof, code, choice, SMS, receipt), each thin over the admin
// service; the setup wizard and page helpers already live in their own files.
import { randomInt } from 'node:crypto';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Context as KoaContext, Next } from 'koa';
import { z } from 'zod';
import type { AdminService } from '../admin/service.ts';
import { appPinSchema, mitIdUserIdSchema } from '../admin/ports/mitid-issuer.ts';
import type { OutboxTransport } from '../admin/ports.ts';
import { MEANS } from '../domain/mitid.ts';
import { sameSecret } from '../crypto/constant-time.ts';
import { newCsrfToken } from '../journey/journey-store.ts';
import { UPSTREAM_COOKIE } from '../journey/login-step.ts';
import type { Logger } from '../observability/logger.ts';
import type { KeyValueStore } from '../store/kv.ts';
import { UpstreamError, type UpstreamConnector } from '../upstream/index.ts';
import { ACTIVATION_COOKIE, ActivationFlows, FLOW_TTL_SECONDS, type ActivationFlow } from './flow-store.ts';
import type { ActivationMessageKey } from './messages.ts';
import { addSetupRoutes } from './setup-routes.ts';
import { addConnectionRoutes, connectionReturn } from './connection-routes.ts';
import { startPrivateMitIdLogin, type UpstreamReturn } from './private-mitid-login.ts';
import {
  activationIdOf,
  attempt,
  openActivation,
  cookieOptions,
  field,
  langOf,
  page,
  PageRefusal,
  refuse,
  t,
  wrapRefusals,
} from './page-helpers.ts';

export interface ActivationPagesDeps {
  admin: AdminService;
  upstream: UpstreamConnector;
  kv: KeyValueStore;
  /** Where the SMS verification code goes (the outbox delivery queue). */
  sms: OutboxTransport;
  /** The upstream callback path shared with the journey: an activation's upstream login comes back there too. */
  callbackPath: string;
  secureCookies: boolean;
  logger: Logger;
  newId: () => string;
}

/** Marks an upstream login as the activation's (the journey's callback cookie carries an interaction id otherwise). */
const UPSTREAM_PREFIX = 'act_';
const MAX_SMS_TRIES = 3;

const codeSchema = z
  .string()
  .trim()
  .regex(/^\d{8}$/);
const smsCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/);
const dedicatedFormSchema = z.object({
  userId: mitIdUserIdSchema,
  means: z.enum(MEANS),
  mobile: z
    .string()
    .trim()
    .transform((value) => value.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^\+[1-9]\d{7,14}$/)),
  app: z.enum(['new', 'existing']).optional(),
  pin: z.union([z.literal(''), appPinSchema]).optional(),
});

export function createActivationRouter(deps: ActivationPagesDeps): Router {
  const router = new Router();
  const flows = new ActivationFlows(deps.kv);
  const forms = bodyParser({ enableTypes: ['form'], formLimit: '8kb' });

  router.use(async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    await next();
  });

  router.get('/activation/:id', async (ctx) => {
    const id = activationIdOf(ctx);
    if (!id) return refuse(ctx, 'refused.unknown', 404);
    const summary = await deps.admin.readActivation(id).catch(() => undefined);
    // Used, locked, expired and revoked links resolve no more (only open activations are indexed): one page for all.
    if (!summary) return refuse(ctx, 'refused.unknown', 410);
    if (summary.state !== 'issued') return refuse(ctx, `refused.${summary.state}`, 410);
    const handle = ActivationFlows.newHandle();
    const flow: ActivationFlow = { activationId: id, csrf: newCsrfToken() };
    await flows.save(handle, flow);
    ctx.cookies.set(ACTIVATION_COOKIE, handle, cookieOptions(deps.secureCookies, FLOW_TTL_SECONDS));
    await startPage(ctx, flow, summary);
  });

  router.post('/activation/:id/mitid', forms, async (ctx) => {
    const { handle } = await requireFlow(ctx);
    await startPrivateMitIdLogin(ctx, deps, `${UPSTREAM_PREFIX}${handle}`);
  });

  const returns: UpstreamReturn[] = [
    {
      prefix: UPSTREAM_PREFIX,
      async finish(ctx, handle, login) {
        const flow = await flows.get(handle);
        if (!flow) return refuse(ctx, 'refused.session', 400);
        const proof = { kind: 'private_mitid' as const, cpr: login.person.cpr };
        const verified = await attempt(deps.admin.verifyActivation(flow.activationId, proof));
        if (!verified.ok) return refuse(ctx, verified.refusal === 'refused.forged' ? 'refused.mismatch' : verified.refusal, 403);
        await flows.save(handle, { ...flow, proof, privateMitIdUuid: login.mitidUuid });
        ctx.redirect(`/activation/${flow.activationId}/choose`);
      },
    },
    connectionReturn(deps),
  ];

  // The shared upstream callback: an activation's or connection's login is finished here; anyone else's goes on to the journey.
  router.get(deps.callbackPath, async (ctx, next: Next) => {
    const marked = ctx.cookies.get(UPSTREAM_COOKIE, { signed: true });
    const upstreamReturn = returns.find((candidate) => marked?.startsWith(candidate.prefix));
    if (!marked || !upstreamReturn) return next();
    ctx.cookies.set(UPSTREAM_COOKIE, null, { path: deps.callbackPath });
    let login: Awaited<ReturnType<UpstreamConnector['finishLogin']>>;
    try {
      login = await deps.upstream.finishLogin({ interactionId: marked, callbackUrl: new URL(ctx.href) });
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      deps.logger.info({ code: error.code }, 'activation: upstream login failed');
      return refuse(ctx, 'refused.upstream', 400);
    }
    if (login.kind !== 'private') return refuse(ctx, 'refused.mitid', 403);
    await upstreamReturn.finish(ctx, marked.slice(upstreamReturn.prefix.length), login);
  });

  addConnectionRoutes(router, deps, forms);

  router.post('/activation/:id/code', forms, async (ctx) => {
    const { flow, handle } = await requireFlow(ctx);
    const code = codeSchema.safeParse(field(ctx, 'code'));
    const summary = await openActivation(deps.admin, flow.activationId);
    if (!code.success) return startPage(ctx, flow, summary, 'code.invalid', 400);
    const proof = { kind: 'code' as const, code: code.data };
    const verified = await attempt(deps.admin.verifyActivation(flow.activationId, proof));
    if (!verified.ok) {
      if (verified.refusal !== 'refused.forged') return refuse(ctx, verified.refusal, 409);
      // A wrong code: the third one locks the activation, which then no longer opens.
      const after = await attempt(deps.admin.readActivation(flow.activationId));
      if (!after.ok || after.value.state === 'locked') return refuse(ctx, 'refused.locked', 403);
      return startPage(ctx, flow, after.value, 'code.wrong', 400);
    }
    await flows.save(handle, { ...flow, proof });
    ctx.redirect(`/activation/${flow.activationId}/choose`);
  });

  router.get('/activation/:id/choose', async (ctx) => {
    const { flow } = await requireFlow(ctx, { proven: true });
    // The setup link: the organisation is set up first, then the administrator's own activation continues here.
    if ((await openActivation(deps.admin, flow.activationId)).setup) return ctx.redirect(`/activation/${flow.activationId}/setup`);
    await choosePage(ctx, flow);
  });

  router.post('/activation/:id/private', forms, async (ctx) => {
    const { flow, handle } = await requireFlow(ctx, { proven: true, csrf: true });
    // Read while the activation is open: once used, its link no longer resolves.
    const { organisationName } = await openActivation(deps.admin, flow.activationId);
    const done = await attempt(deps.admin.completeActivation(flow.activationId, flow.proof!, { usePrivateMitId: true }));
    if (!done.ok) return refuse(ctx, done.refusal === 'refused.invalid_transition' ? 'refused.private.notallowed' : done.refusal, 409);
    await flows.end(handle);
    await receipt(ctx, t(ctx)('receipt.private', { org: organisationName }));
  });

  router.post('/activation/:id/dedicated', forms, async (ctx) => {
    const { flow, handle } = await requireFlow(ctx, { proven: true, csrf: true });
    const parsed = dedicatedFormSchema.safeParse(ctx.request.body ?? {});
    const existingApp = parsed.success && parsed.data.means === 'app' && parsed.data.app === 'existing';
    if (!parsed.success || (existingApp && (!parsed.data.pin || !flow.privateMitIdUuid))) {
      const issue = parsed.success ? 'pin' : String(parsed.error.issues[0]?.path[0] ?? 'userId');
      return choosePage(ctx, flow, { field: issue, values: ctx.request.body as Record<string, string> }, 400);
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const { userId, means, mobile, pin } = parsed.data;
    await deps.sms.enqueue({
      id: deps.newId(),
      kind: 'sms_verification_code',
      language: langOf(ctx),
      createdAt: new Date().toISOString(),
      recipient: { channel: 'sms', mobile },
      data: { code },
    });
    await flows.save(handle, {
      ...flow,
      sms: {
        codeHash: deps.admin.directory.codeHash(code),
        failedTries: 0,
        request: { userId, means, mobile, existingApp, ...(existingApp && pin ? { pin } : {}) },
      },
    });
    await smsPage(ctx, flow, mobile);
  });

  router.post('/activation/:id/sms', forms, async (ctx) => {
    const { flow, handle } = await requireFlow(ctx, { proven: true, csrf: true });
    if (!flow.sms) return choosePage(ctx, flow, undefined, 400);
    const code = smsCodeSchema.safeParse(field(ctx, 'code'));
    if (!code.success || !sameSecret(deps.admin.directory.codeHash(code.data), flow.sms.codeHash)) {
      const failedTries = flow.sms.failedTries + 1;
      if (failedTries >= MAX_SMS_TRIES) {
        const { sms: _sms, ...rest } = flow;
        await flows.save(handle, rest);
        return choosePage(ctx, rest, { message: 'sms.locked' }, 400);
      }
      await flows.save(handle, { ...flow, sms: { ...flow.sms, failedTries } });
      return smsPage(ctx, flow, flow.sms.request.mobile, String(MAX_SMS_TRIES - failedTries), 400);
    }
    const { userId, means, mobile, existingApp, pin } = flow.sms.request;
    const dedicated = {
      userId,
      means: means as (typeof MEANS)[number],
      mobile,
      ...(existingApp && flow.privateMitIdUuid && pin ? { addToExistingApp: { mitidUuid: flow.privateMitIdUuid }, pin } : {}),
    };
    const { organisationName } = await openActivation(deps.admin, flow.activationId);
    const done = await attempt(deps.admin.completeActivation(flow.activationId, flow.proof!, { usePrivateMitId: false, dedicated }));
    if (!done.ok) {
      const { sms: _sms, ...rest } = flow;
      await flows.save(handle, rest);
      if (done.refusal === 'refused.already_exists')
        return choosePage(ctx, rest, { message: 'error.userId.taken', field: 'userId', values: { userId, means, mobile } }, 409);
      return refuse(ctx, done.refusal, 409);
    }
    await flows.end(handle);
    await receipt(ctx, t(ctx)('receipt.dedicated', { userId, org: organisationName }));
  });

  addSetupRoutes(router, deps.admin, flows, requireFlow, forms);

  /** The flow of this browser for the activation in the URL; a form also needs the flow's CSRF token. */
  async function requireFlow(
    ctx: KoaContext,
    options: { proven?: boolean; csrf?: boolean } = {},
  ): Promise<{ flow: ActivationFlow; handle: string }> {
    const handle = ctx.cookies.get(ACTIVATION_COOKIE, { signed: true }) ?? '';
    const flow = await flows.get(handle);
    if (!flow || flow.activationId !== String(ctx.params['id'])) throw new PageRefusal('refused.session', 400);
    const mustCheckCsrf = options.csrf || ctx.method === 'POST';
    if (mustCheckCsrf && !sameSecret(field(ctx, 'csrf'), flow.csrf)) throw new PageRefusal('refused.forged', 403);
    if (options.proven && !flow.proof) throw new PageRefusal('refused.session', 400);
    return { flow, handle };
  }

  async function startPage(
    ctx: KoaContext,
    flow: ActivationFlow,
    summary: Awaited<ReturnType<AdminService['readActivation']>>,
    error?: ActivationMessageKey,
    status = 200,
  ) {
    const m = t(ctx);
    await page(ctx, 'activation/start', m('start.title'), status, {
      flow,
      summary,
      error: error && m(error, { left: String(summary.codeTriesLeft) }),
    });
  }

  async function choosePage(
    ctx: KoaContext,
    flow: ActivationFlow,
    problem?: { message?: ActivationMessageKey; field?: string; values?: Record<string, string> },
    status = 200,
  ) {
    const offer = await deps.admin.verifyActivation(flow.activationId, flow.proof!);
    const m = t(ctx);
    await page(ctx, 'activation/choose', m('choose.title', { org: offer.organisationName }), status, {
      flow,
      offer,
      existingAppPossible: flow.privateMitIdUuid !== undefined,
      problem: problem && {
        message: problem.message ? m(problem.message) : m('error.field', { field: problem.field ?? '' }),
        field: problem.field,
      },
      values: problem?.values ?? {},
    });
  }

  async function smsPage(ctx: KoaContext, flow: ActivationFlow, mobile: string, triesLeft?: string, status = 200) {
    const m = t(ctx);
    await page(ctx, 'activation/sms', m('sms.title'), status, { flow, mobile, error: triesLeft && m('sms.wrong', { left: triesLeft }) });
  }

  async function receipt(ctx: KoaContext, message: string) {
    ctx.cookies.set(ACTIVATION_COOKIE, null, cookieOptions(deps.secureCookies, 0));
    await page(ctx, 'activation/receipt', t(ctx)('receipt.title'), 200, { message });
  }

  return wrapRefusals(router);
}
