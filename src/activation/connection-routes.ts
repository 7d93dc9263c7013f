// Self-service connection (/connect, "tilslutning"): a management representative logs in with private MitID, picks an
// organisation the CVR register lists for them, accepts the terms, names the first administrator and confirms.
import type Router from '@koa/router';
import type { Context as KoaContext, Middleware } from 'koa';
import { z } from 'zod';
import type { AdminService } from '../admin/service.ts';
import { selfServiceConnectionSchema, type SelfServiceConnectionInput } from '../admin/schemas.ts';
import { CvrRegisterError } from '../cvr-register/register.ts';
import { newCsrfToken } from '../journey/journey-store.ts';
import type { UpstreamConnector } from '../upstream/index.ts';
import { FLOW_TTL_SECONDS, KvFlows } from './flow-store.ts';
import type { KeyValueStore } from '../store/kv.ts';
import { attempt, cookieOptions, field, page, PageRefusal, refuse, t } from './page-helpers.ts';
import { startPrivateMitIdLogin, type UpstreamReturn } from './private-mitid-login.ts';
import { sameSecret } from '../crypto/constant-time.ts';

const CONNECTION_COOKIE = 'kontekst.connection';
const UPSTREAM_PREFIX = 'con_';

const connectionFlowSchema = z.object({
  csrf: z.string(),
  representative: z.object({ cpr: z.string(), givenName: z.string(), familyName: z.string() }).optional(),
  draft: z.unknown().optional(),
});
type ConnectionFlow = z.infer<typeof connectionFlowSchema>;

interface ConnectionDeps {
  admin: AdminService;
  upstream: UpstreamConnector;
  kv: KeyValueStore;
  callbackPath: string;
  secureCookies: boolean;
}

/** The form as a browser sends it: flat fields, turned into the command's input. */
function inputOf(body: Record<string, unknown>): unknown {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
  const administrator =
    text('administrator') === 'self'
      ? { kind: 'self', email: text('selfEmail') }
      : {
          kind: 'other',
          givenName: text('givenName'),
          familyName: text('familyName'),
          email: text('otherEmail'),
          ...(text('cpr') ? { cpr: text('cpr').replace('-', '') } : {}),
          ...(text('birthDate') ? { birthDate: text('birthDate') } : {}),
        };
  return { cvr: text('cvr'), termsAccepted: body['terms'] === 'yes', administrator };
}

function flowsOf(kv: KeyValueStore): KvFlows<ConnectionFlow> {
  return new KvFlows(kv, 'connection-flow:', connectionFlowSchema as z.ZodType<ConnectionFlow>);
}

/** The callback's side: the representative is who MitID says; the register is asked on the next page. */
export function connectionReturn(deps: { kv: KeyValueStore }): UpstreamReturn {
  const flows = flowsOf(deps.kv);
  return {
    prefix: UPSTREAM_PREFIX,
    async finish(ctx, handle, login) {
      const flow = await flows.get(handle);
      if (!flow) return refuse(ctx, 'refused.session', 400);
      await flows.save(handle, {
        ...flow,
        representative: { cpr: login.person.cpr, givenName: login.person.givenName, familyName: login.person.familyName },
      });
      ctx.redirect('/connect/organisation');
    },
  };
}

export function addConnectionRoutes(router: Router, deps: ConnectionDeps, forms: Middleware): void {
  const flows = flowsOf(deps.kv);

  async function requireFlow(ctx: KoaContext, options: { known?: boolean } = {}): Promise<{ flow: ConnectionFlow; handle: string }> {
    const handle = ctx.cookies.get(CONNECTION_COOKIE, { signed: true }) ?? '';
    const flow = await flows.get(handle);
    if (!flow) throw new PageRefusal('refused.session', 400);
    if (ctx.method === 'POST' && !sameSecret(field(ctx, 'csrf'), flow.csrf)) throw new PageRefusal('refused.forged', 403);
    if (options.known && !flow.representative) throw new PageRefusal('refused.session', 400);
    return { flow, handle };
  }

  router.get('/connect', async (ctx) => {
    const handle = KvFlows.newHandle();
    const flow: ConnectionFlow = { csrf: newCsrfToken() };
    await flows.save(handle, flow);
    ctx.cookies.set(CONNECTION_COOKIE, handle, cookieOptions(deps.secureCookies, FLOW_TTL_SECONDS));
    await page(ctx, 'connection/start', t(ctx)('connect.title'), 200, { flow });
  });

  router.post('/connect/mitid', forms, async (ctx) => {
    const { handle } = await requireFlow(ctx);
    await startPrivateMitIdLogin(ctx, deps, `${UPSTREAM_PREFIX}${handle}`);
  });

  router.get('/connect/organisation', async (ctx) => {
    const { flow } = await requireFlow(ctx, { known: true });
    await organisationPage(ctx, flow);
  });

  router.post('/connect/organisation', forms, async (ctx) => {
    const { flow, handle } = await requireFlow(ctx, { known: true });
    const parsed = selfServiceConnectionSchema.safeParse(inputOf((ctx.request.body ?? {}) as Record<string, unknown>));
    if (!parsed.success) return organisationPage(ctx, flow, String(parsed.error.issues[0]?.path.at(-1) ?? 'cvr'), 400);
    await flows.save(handle, { ...flow, draft: parsed.data });
    const organisations = await deps.admin.representedOrganisations(flow.representative!.cpr);
    const organisation = organisations.find((candidate) => candidate.cvr === parsed.data.cvr);
    if (!organisation) return refuse(ctx, 'refused.forged', 403);
    await page(ctx, 'connection/summary', t(ctx)('connect.summary.title'), 200, {
      flow,
      draft: parsed.data,
      organisation,
      representative: flow.representative,
    });
  });

  router.post('/connect/confirm', forms, async (ctx) => {
    const { flow, handle } = await requireFlow(ctx, { known: true });
    const draft = selfServiceConnectionSchema.safeParse(flow.draft);
    if (!draft.success) return organisationPage(ctx, flow, undefined, 400);
    const done = await attempt(deps.admin.connectBySelfService(flow.representative!, draft.data as SelfServiceConnectionInput));
    if (!done.ok)
      return refuse(
        ctx,
        done.refusal === 'refused.already_exists' ? 'refused.used' : done.refusal,
        done.refusal === 'refused.forged' ? 403 : 409,
      );
    await flows.end(handle);
    ctx.cookies.set(CONNECTION_COOKIE, null, cookieOptions(deps.secureCookies, 0));
    const email = draft.data.administrator.email;
    await page(ctx, 'activation/receipt', t(ctx)('connect.done.title'), 200, {
      heading: t(ctx)('connect.done.title'),
      message: t(ctx)('connect.done', { email }),
    });
  });

  async function organisationPage(ctx: KoaContext, flow: ConnectionFlow, invalidField?: string, status = 200) {
    let organisations: Awaited<ReturnType<AdminService['representedOrganisations']>>;
    try {
      organisations = await deps.admin.representedOrganisations(flow.representative!.cpr);
    } catch (error) {
      if (!(error instanceof CvrRegisterError)) throw error;
      return page(ctx, 'error', t(ctx)('connect.unavailable'), 503, {
        heading: t(ctx)('connect.unavailable'),
        message: t(ctx)('connect.unavailable.next'),
      });
    }
    const body = (ctx.request.body ?? {}) as Record<string, string>;
    await page(ctx, 'connection/organisation', t(ctx)('connect.organisation.title'), status, {
      flow,
      organisations,
      invalidField,
      values: body,
      representative: flow.representative,
    });
  }
}
