// The demo relying party ("Digital Post"): its client registration for Kontekst and its routes under /demo-rp.
import type Router from '@koa/router';
import type { Config } from '../config/index.ts';
import type { ClientRegistration } from '../oidc/clients.ts';
import { createLogger } from '../observability/logger.ts';
import { lazyDiscovery } from './discovery.ts';
import { demoClientRegistration, generateClientSecret } from './registration.ts';
import { createDemoRouter } from './routes.ts';

export async function demoRelyingParty(config: Config): Promise<{ client: ClientRegistration; router: Router }> {
  const clientSecret = generateClientSecret();
  const client = demoClientRegistration(config.publicUrl, clientSecret);
  const router = await createDemoRouter({
    publicUrl: config.publicUrl,
    // Same process: discovery must wait until the server listens, so it happens on the first request.
    oidc: lazyDiscovery({ issuer: config.issuer, clientSecret, allowInsecureHttp: !config.production }),
    secureCookies: config.production,
    logger: createLogger({ level: config.logLevel, name: 'demo-rp' }),
  });
  return { client, router };
}
