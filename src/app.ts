// createApp: one Koa app with security headers, the journey, health, the simulator and the provider mounted.
import Koa from 'koa';
import mount from 'koa-mount';
import Router from '@koa/router';
import type Provider from 'oidc-provider';
import type { Logger } from 'pino';
import type { JWK } from 'jose';
import type { Config } from './config/index.ts';
import { createHealthRouter, type ReadinessCheck } from './http/health.ts';
import { insecureRequestWarning } from './http/proxy-check.ts';
import { kontekstSecurityHeaders } from './http/security.ts';
import { createStaticRouter } from './http/static.ts';
import { metricsMiddleware } from './http/metrics-endpoint.ts';
import { peopleErrorPages } from './http/people-errors.ts';
import { createLanguageSwitchRouter } from './http/language-switch.ts';
import { setFooterLinks } from './http/site-chrome.ts';
import type { Metrics } from './observability/metrics.ts';
import { requestIdMiddleware } from './observability/request-context.ts';
import { createJourneyRouter } from './journey/routes.ts';
import type { JourneyDeps } from './journey/deps.ts';

export interface AppDeps {
  config: Config;
  logger: Logger;
  provider: Provider;
  journey: JourneyDeps;
  readiness: ReadinessCheck[];
  /** Public keys Kontekst authenticates with at the upstream broker (private_key_jwt), for its jwks_uri. */
  upstreamClientJwks: { keys: JWK[] };
  /** The MitID simulator's Koa app, mounted at /mitid-sim when enabled. */
  simulator?: Koa;
  /** Extra routers (the demo relying party). */
  extraRouters?: Router[];
  metrics: Metrics;
}

export async function createApp(deps: AppDeps): Promise<Koa> {
  const app = new Koa();
  app.keys = [...deps.config.cookieSecrets];
  app.proxy = deps.config.trustProxy;
  // Koa's default handler would print stack traces to stderr for every 4xx; we log ourselves.
  app.silent = true;
  app.on('error', (error: Error) => deps.logger.error({ err: { name: error.name, message: error.message } }, 'unhandled error'));

  app.use(requestIdMiddleware());
  app.use(kontekstSecurityHeaders({ production: deps.config.production }));
  app.use(peopleErrorPages());
  const { helpUrl, privacyUrl, accessibilityUrl } = deps.config.pages;
  setFooterLinks({ help: helpUrl, privacy: privacyUrl, accessibility: accessibilityUrl });
  app.use(createLanguageSwitchRouter({ secureCookies: deps.config.production }).routes());
  if (deps.config.metrics.onPublicListener) app.use(metricsMiddleware(deps.metrics));
  app.use(insecureRequestWarning({ publicUrl: deps.config.publicUrl, secureCookies: deps.config.production, trustProxy: deps.config.trustProxy }, deps.logger));

  const health = createHealthRouter(deps.readiness);
  app.use(health.routes());
  const statics = await createStaticRouter();
  app.use(statics.routes());

  const upstreamKeys = new Router();
  upstreamKeys.get('/upstream/jwks.json', (ctx) => {
    ctx.body = deps.upstreamClientJwks;
  });
  app.use(upstreamKeys.routes());

  const journey = createJourneyRouter(deps.journey);
  app.use(journey.routes());
  app.use(journey.allowedMethods());

  for (const router of deps.extraRouters ?? []) app.use(router.routes());
  if (deps.simulator) app.use(mount('/mitid-sim', deps.simulator));

  app.use(mount(deps.provider));
  return app;
}
