// The simulator's login pages: user ID → means → app / code / chip step, cancel, and the OIDC result back to the provider.
// Over 250 lines: one route per MitID step, each a few lines over the pure means rules (means-rules.ts) and means access;
// splitting the steps apart would scatter one page flow across files.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { bodyParser } from '@koa/bodyparser';
import { Router } from '@koa/router';
import type { Context, Middleware } from 'koa';
import type Provider from 'oidc-provider';
import { sameSecret } from '../crypto/constant-time.ts';
import { loaToAcr, type Means } from '../domain/mitid.ts';
import type { Logger } from '../observability/logger.ts';
import type { Limiter } from '../ratelimit/limiter.ts';
import type { FormTokens } from './csrf.ts';
import { SimulatorError, simulatorErrorBoundary } from './errors.ts';
import { newOneTimeCode, type Flow, type FlowStore } from './flow-state.ts';
import { appForm, chipForm, codeForm, loginForm, meansForm, tokenOnlyForm } from './forms.ts';
import type { SimulatorIdentity } from './identities.ts';
import type { IdentityRegistry } from './identity-registry.ts';
import { amrFor, MEANS_LOA, type AppMethod } from './levels.ts';
import type { MeansLockout } from './lockout.ts';
import { MeansAccess } from './means-access.ts';
import { isCodeMeans, reachesLevel } from './means-rules.ts';
import { messagesFor } from './messages.ts';
import { VIEWS_DIR, type PageRenderer } from './render.ts';
import { stepLoader, type Step } from './step.ts';

export interface InteractionRoutesDeps {
  provider: Provider;
  directory: IdentityRegistry;
  flows: FlowStore;
  renderer: PageRenderer;
  tokens: FormTokens;
  lockout: MeansLockout;
  /** Wrong codes / PINs per source address, across users: a guesser trying many user IDs is slowed too. */
  wrongCodesPerSource: Limiter;
  logger: Logger;
  /** The issuer's path, prefix of every link. */
  base: string;
}

export function interactionRoutes(deps: InteractionRoutesDeps): Middleware {
  const { provider, directory, flows, renderer, logger, base } = deps;
  const router = new Router();
  const forms = bodyParser({ enableTypes: ['form'], formLimit: '16kb' });
  const { step, form } = stepLoader(provider, deps.tokens);
  const access = new MeansAccess(directory, deps.lockout, deps.wrongCodesPerSource);

  async function flowWithUser(current: Step): Promise<{ flow: Flow; identity: SimulatorIdentity }> {
    const flow = await flows.get(current.uid);
    const identity = flow ? await directory.byUuid(flow.userUuid) : undefined;
    if (!flow || !identity) throw new SimulatorError('wrong_step', 'no user chosen yet');
    return { flow, identity };
  }

  function redirectTo(ctx: Context, location: string): void {
    ctx.status = 303;
    ctx.redirect(location);
  }

  const pageUrl = (uid: string, suffix = ''): string => `${base}/interaction/${uid}${suffix}`;

  /** Hands the result to oidc-provider and sends the browser back to its resume endpoint. */
  async function finish(ctx: Context, current: Step, result: Record<string, unknown>): Promise<void> {
    const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
    await flows.end(current.uid);
    redirectTo(ctx, returnTo);
  }

  async function finishLogin(ctx: Context, current: Step, identity: SimulatorIdentity, means: Means, appMethod?: AppMethod): Promise<void> {
    await access.clear(identity, means);
    const loa = MEANS_LOA[means];
    logger.info({ interaction: current.uid, means, loa }, 'mitid simulator: login completed');
    await finish(ctx, current, {
      login: { accountId: identity.uuid, acr: loaToAcr(loa), amr: amrFor(means, appMethod) },
      // Read back by loadExistingGrant so ID token and userinfo can carry mitid.means.
      mitid: { means },
    });
  }

  function view(current: Step, extra: Record<string, unknown>): Record<string, unknown> {
    return { uid: current.uid, csrf: current.csrf, requiredLoa: current.requiredLoa, error: undefined, ...extra };
  }

  async function renderMeans(ctx: Context, current: Step, identity: SimulatorIdentity): Promise<void> {
    const options = await Promise.all(
      identity.means.map(async (means) => {
        const status = await access.statusOf(identity, means, current.requiredLoa);
        return { type: means.type, loa: MEANS_LOA[means.type], status, usable: status === 'active' };
      }),
    );
    await renderer.render(ctx, 'means', current.locale, view(current, { userId: identity.userId, options }));
  }

  async function renderApp(ctx: Context, current: Step, identity: SimulatorIdentity, error?: string, status = 200): Promise<void> {
    const means = directory.meansOf(identity, 'app');
    if (!means) throw new SimulatorError('means_not_available');
    const shared = await directory.sharesApp(identity, means);
    await renderer.render(
      ctx,
      'app',
      current.locale,
      view(current, { userId: identity.userId, biometrics: !shared, pin: shared || means.pin !== undefined, error }),
      status,
    );
  }

  async function renderCode(
    ctx: Context,
    current: Step,
    identity: SimulatorIdentity,
    flow: Flow,
    error?: string,
    status = 200,
  ): Promise<void> {
    await renderer.render(
      ctx,
      'code',
      current.locale,
      view(current, { userId: identity.userId, means: flow.means, code: flow.code, error }),
      status,
    );
  }

  /** Three wrong tries: lock the means and send the user back to choose another. */
  async function wrongAttempt(ctx: Context, current: Step, identity: SimulatorIdentity, flow: Flow): Promise<'locked' | number> {
    const means = flow.means!;
    const { locked, attemptsLeft } = await access.recordWrong(ctx, identity, means);
    logger.info({ interaction: current.uid, means, locked }, 'mitid simulator: wrong code or PIN');
    if (locked) {
      await flows.save(current.uid, { userUuid: identity.uuid });
      await renderer.render(ctx, 'locked', current.locale, view(current, {}), 423);
      return 'locked';
    }
    return attemptsLeft;
  }

  router.use(simulatorErrorBoundary({ renderer, logger, pageUrl }));

  router.get('/assets/simulator.css', async (ctx) => {
    ctx.type = 'text/css';
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = await readFile(path.join(VIEWS_DIR, 'simulator.css'));
  });

  // The page for wherever this interaction is: user ID, means, the means' step, or "level too low".
  router.get('/interaction/:uid', async (ctx) => {
    const current = await step(ctx);
    const flow = await flows.get(current.uid);
    const identity = flow ? await directory.byUuid(flow.userUuid) : undefined;
    if (!flow || !identity) {
      await renderer.render(ctx, 'login', current.locale, view(current, { userId: '' }));
      return;
    }
    if (!reachesLevel(identity, current.requiredLoa)) {
      await renderer.render(ctx, 'unmet', current.locale, view(current, {}), 403);
      return;
    }
    switch (flow.means) {
      case undefined:
        return renderMeans(ctx, current, identity);
      case 'app':
        return renderApp(ctx, current, identity);
      case 'code_display':
      case 'code_reader':
        return renderCode(ctx, current, identity, flow);
      case 'chip':
        await renderer.render(ctx, 'chip', current.locale, view(current, { userId: identity.userId }));
    }
  });

  router.get('/interaction/:uid/means', async (ctx) => {
    const current = await step(ctx);
    const { identity } = await flowWithUser(current);
    await renderMeans(ctx, current, identity);
  });

  router.post('/interaction/:uid/login', forms, async (ctx) => {
    const current = await step(ctx);
    const { userId } = form(ctx, current, loginForm);
    const t = messagesFor(current.locale);
    const identity = userId.trim() ? await directory.byUserId(userId) : undefined;
    if (!identity) {
      // Stay on the page; nothing is written for an unknown user ID.
      const error = userId.trim() ? t.unknownUser : t.userIdRequired;
      await renderer.render(ctx, 'login', current.locale, view(current, { userId, error }), 400);
      return;
    }
    await flows.save(current.uid, { userUuid: identity.uuid });
    redirectTo(ctx, pageUrl(current.uid));
  });

  router.post('/interaction/:uid/means', forms, async (ctx) => {
    const current = await step(ctx);
    const { means } = form(ctx, current, meansForm);
    const { identity } = await flowWithUser(current);
    await access.usable(identity, means, current.requiredLoa);
    await flows.save(current.uid, { userUuid: identity.uuid, means, code: isCodeMeans(means) ? newOneTimeCode() : undefined });
    redirectTo(ctx, pageUrl(current.uid));
  });

  router.post('/interaction/:uid/app', forms, async (ctx) => {
    const current = await step(ctx);
    const body = form(ctx, current, appForm);
    const { flow, identity } = await flowWithUser(current);
    if (flow.means !== 'app') throw new SimulatorError('wrong_step', 'app step for another means');
    const means = await access.usable(identity, 'app', current.requiredLoa);
    const shared = await directory.sharesApp(identity, means);
    if (body.method === 'biometrics') {
      // Biometrics are never offered in an app that holds several users: a posted one is a tampered form.
      if (shared) throw new SimulatorError('invalid_form', 'biometrics in a shared app');
      return finishLogin(ctx, current, identity, 'app', 'biometrics');
    }
    if (means.pin === undefined) throw new SimulatorError('invalid_form', 'PIN for an app without one');
    await access.refuseBusySource(ctx);
    if (!sameSecret(body.pin.trim(), means.pin)) {
      const left = await wrongAttempt(ctx, current, identity, flow);
      if (left === 'locked') return;
      const t = messagesFor(current.locale);
      return renderApp(ctx, current, identity, `${t.wrongPin} ${t.attemptsLeft}: ${left}`, 400);
    }
    return finishLogin(ctx, current, identity, 'app', 'pin');
  });

  router.post('/interaction/:uid/code', forms, async (ctx) => {
    const current = await step(ctx);
    const { code } = form(ctx, current, codeForm);
    const { flow, identity } = await flowWithUser(current);
    if (!flow.means || !isCodeMeans(flow.means) || !flow.code) throw new SimulatorError('wrong_step', 'code step for another means');
    await access.usable(identity, flow.means, current.requiredLoa);
    await access.refuseBusySource(ctx);
    if (!sameSecret(code.trim(), flow.code)) {
      const left = await wrongAttempt(ctx, current, identity, flow);
      if (left === 'locked') return;
      // Like a real code display, the next try shows a new code.
      const next: Flow = { ...flow, code: newOneTimeCode() };
      await flows.save(current.uid, next);
      const t = messagesFor(current.locale);
      return renderCode(ctx, current, identity, next, `${t.wrongCode} ${t.attemptsLeft}: ${left}`, 400);
    }
    return finishLogin(ctx, current, identity, flow.means);
  });

  router.post('/interaction/:uid/chip', forms, async (ctx) => {
    const current = await step(ctx);
    form(ctx, current, chipForm);
    const { flow, identity } = await flowWithUser(current);
    if (flow.means !== 'chip') throw new SimulatorError('wrong_step', 'chip step for another means');
    await access.usable(identity, 'chip', current.requiredLoa);
    return finishLogin(ctx, current, identity, 'chip');
  });

  router.post('/interaction/:uid/unmet', forms, async (ctx) => {
    const current = await step(ctx);
    form(ctx, current, tokenOnlyForm);
    const { identity } = await flowWithUser(current);
    if (reachesLevel(identity, current.requiredLoa)) throw new SimulatorError('wrong_step', 'the user has a means reaching the level');
    logger.info({ interaction: current.uid, required: current.requiredLoa }, 'mitid simulator: level of assurance not reachable');
    await finish(ctx, current, {
      error: 'unmet_authentication_requirements',
      error_description: `none of the user's identification means reaches the requested level of assurance (${loaToAcr(current.requiredLoa)})`,
    });
  });

  router.post('/interaction/:uid/cancel', forms, async (ctx) => {
    const current = await step(ctx);
    form(ctx, current, tokenOnlyForm);
    logger.info({ interaction: current.uid }, 'mitid simulator: user cancelled');
    await finish(ctx, current, { error: 'access_denied', error_description: 'user cancelled' });
  });

  return router.routes() as Middleware;
}
