// The browser journey's routes: interaction entry, upstream callback, chooser, consent, abort.
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Context as KoaContext } from 'koa';
import type { JourneyDeps, InteractionDetails } from './deps.ts';
import { JourneyError, journeyErrorHandler, refuseRepeatedQuery } from './errors.ts';
import type { JourneyState } from './journey-store.ts';
import { handleUpstreamCallback, startUpstreamLogin } from './login-step.ts';
import { abortJourney, anotherMitId, showChooser, submitChoice } from './chooser-step.ts';
import { returnFromUpstreamLogout } from './upstream-logout.ts';
import { UPSTREAM_LOGOUT_RETURN_PATH } from './upstream-session.ts';
import { showConsent, submitConsent } from './consent-step.ts';

/** The interaction in the cookie must be the one in the URL: a form for another interaction is refused. */
async function detailsFor(ctx: KoaContext, deps: JourneyDeps): Promise<InteractionDetails> {
  const details = await deps.provider.interactionDetails(ctx.req, ctx.res);
  if (details.uid !== ctx.params['uid']) throw new JourneyError('forged', 'interaction mismatch');
  return details;
}

/** The interaction and its journey, read in one round trip; the journey counts only once the interaction matched. */
async function detailsWithJourney(ctx: KoaContext, deps: JourneyDeps): Promise<[InteractionDetails, JourneyState | undefined]> {
  const [details, journey] = await Promise.allSettled([detailsFor(ctx, deps), deps.journeys.get(String(ctx.params['uid']))]);
  if (details.status === 'rejected') throw details.reason;
  if (journey.status === 'rejected') throw journey.reason;
  return [details.value, journey.value];
}

export function createJourneyRouter(deps: JourneyDeps): Router {
  const router = new Router();
  const forms = bodyParser({ enableTypes: ['form'], formLimit: '16kb' });
  router.use(journeyErrorHandler(deps.logger));
  router.use(async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    refuseRepeatedQuery(ctx);
    await next();
  });

  router.get('/interaction/:uid', async (ctx) => {
    const details = await detailsFor(ctx, deps);
    if (details.prompt.name === 'consent') return showConsent(ctx, deps, details);
    return startUpstreamLogin(ctx, deps, details);
  });
  router.get(deps.callbackPath, (ctx) => handleUpstreamCallback(ctx, deps));
  router.get('/interaction/:uid/context', async (ctx) => showChooser(ctx, deps, ...(await detailsWithJourney(ctx, deps))));
  router.post('/interaction/:uid/choose', forms, async (ctx) => submitChoice(ctx, deps, ...(await detailsWithJourney(ctx, deps))));
  router.post('/interaction/:uid/consent', forms, async (ctx) => submitConsent(ctx, deps, await detailsFor(ctx, deps)));
  router.post('/interaction/:uid/abort', forms, async (ctx) => abortJourney(ctx, deps, ...(await detailsWithJourney(ctx, deps))));
  router.post('/interaction/:uid/another-mitid', forms, async (ctx) => anotherMitId(ctx, deps, ...(await detailsWithJourney(ctx, deps))));
  router.get(UPSTREAM_LOGOUT_RETURN_PATH, (ctx) => returnFromUpstreamLogout(ctx, deps.upstreamSessions));
  return router;
}
