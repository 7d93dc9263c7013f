// The baselines' interaction: logs a fixed user in and grants what was asked at once, without a page.
import Router from '@koa/router';
import type Provider from 'oidc-provider';

export const BENCH_ACCOUNT_ID = 'bench-user';

/** GET /interaction/:uid finishes the interaction with a login and a grant for the requested scope. */
export function autoLoginRouter(provider: Provider): Router {
  const router = new Router();
  router.get('/interaction/:uid', async (ctx) => {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const accountId = BENCH_ACCOUNT_ID;
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId, clientId: String(details.params['client_id']) });
    grant!.addOIDCScope(String(details.params['scope']));
    const grantId = await grant!.save();
    ctx.respond = false;
    await provider.interactionFinished(
      ctx.req,
      ctx.res,
      { login: { accountId }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  });
  return router;
}
