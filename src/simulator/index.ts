// The built-in MitID simulator: a real OIDC provider with MitID test identities and pages, as one mountable Koa app.
import type { JWK } from 'jose';
import Koa, { type Middleware } from 'koa';
import mount from 'koa-mount';
import type Provider from 'oidc-provider';
import type { ClientMetadata } from 'oidc-provider';
import { silentLogger, type Logger } from '../observability/logger.ts';
import { createLimiter, type Limit, type LimiterBackend } from '../ratelimit/limiter.ts';
import { MemoryKeyValueStore, type KeyValueStore } from '../store/kv.ts';
import { FormTokens } from './csrf.ts';
import { FlowStore } from './flow-state.ts';
import { IdentityDirectory, type SimulatorIdentity } from './identities.ts';
import { IdentityRegistry } from './identity-registry.ts';
import { generateSigningJwks } from './keys.ts';
import { MeansLockout } from './lockout.ts';
import { createSimulatorProvider } from './provider.ts';
import { createRenderer, simulatorSecurityHeaders } from './render.ts';
import { interactionRoutes } from './routes.ts';

export { loadSimulatorIdentities, type SimulatorIdentity, type SimulatorMeans } from './identities.ts';
export { amrFor, MEANS_LOA, minimumLoa } from './levels.ts';
export { SIMULATOR_CLAIMS, identityClaims } from './provider.ts';
export { generateSigningJwks } from './keys.ts';

export interface SimulatorOptions {
  /** e.g. 'http://localhost:3000/mitid-sim'; the app must be mounted at the issuer's path. */
  issuer: string;
  identities: SimulatorIdentity[];
  /** oidc-provider client metadata: client_id, redirect_uris, token_endpoint_auth_method, jwks/jwks_uri or client_secret. */
  clients: ClientMetadata[];
  cookieKeys: string[];
  /** How long three wrong codes (or PINs) block a means of that user. */
  codeBlockSeconds: number;
  /** Private signing keys; a fresh RS256 key is generated when absent. */
  jwks?: { keys: JWK[] };
  /** Flow state, wrong-code counters and issued identities; default in memory. */
  store?: KeyValueStore;
  /** Where wrong-code counters live (atomic; Redis shares them across processes); default memory. */
  limiterBackend?: LimiterBackend;
  /** Wrong codes / PINs one source address may enter across users; default 30 per 5 minutes. */
  wrongCodesPerSource?: Limit;
  /** oidc-provider adapter constructor (e.g. Redis); default oidc-provider's in-memory adapter. */
  adapter?: unknown;
  /** Lifetime of one login at the simulator; default 600 seconds. */
  interactionTtlSeconds?: number;
  logger?: Logger;
}

export const DEFAULT_WRONG_CODES_PER_SOURCE: Limit = { points: 30, durationSeconds: 300 };

export interface Simulator {
  app: Koa;
  provider: Provider;
  /** The MitID issuing port: dedicated user IDs issued here log in at once, in every process sharing the store. */
  issuer: IdentityRegistry;
}

export async function createSimulator(options: SimulatorOptions): Promise<Simulator> {
  const issuerUrl = new URL(options.issuer);
  const base = issuerUrl.pathname.replace(/\/+$/, '');
  const logger = options.logger ?? silentLogger();
  const interactionTtlSeconds = options.interactionTtlSeconds ?? 600;
  const store = options.store ?? new MemoryKeyValueStore();
  const directory = new IdentityRegistry(new IdentityDirectory(options.identities), store);
  const flows = new FlowStore(store, interactionTtlSeconds);
  const limiterBackend = options.limiterBackend ?? { kind: 'memory' };
  const lockout = new MeansLockout(limiterBackend, interactionTtlSeconds, options.codeBlockSeconds);
  const wrongCodesPerSource = createLimiter('mitid-sim-source', options.wrongCodesPerSource ?? DEFAULT_WRONG_CODES_PER_SOURCE, limiterBackend);
  const renderer = createRenderer(base, options.codeBlockSeconds);
  const tokens = new FormTokens(options.cookieKeys);

  const provider = createSimulatorProvider({
    issuer: options.issuer,
    clients: options.clients,
    cookieKeys: options.cookieKeys,
    jwks: options.jwks ?? (await generateSigningJwks()),
    adapter: options.adapter,
    interactionTtlSeconds,
    directory,
    flows,
    renderer,
    logger,
  });

  const app = new Koa();
  app.keys = options.cookieKeys;
  app.use(ownCookieKeys(options.cookieKeys));
  app.use(simulatorSecurityHeaders());
  app.use(interactionRoutes({ provider, directory, flows, renderer, tokens, lockout, wrongCodesPerSource, logger, base }));
  app.use(mount(provider));
  return { app, provider, issuer: directory };
}

/**
 * Mounted in a host app, requests carry the host's cookie jar (host keys); oidc-provider's
 * interactionDetails reads cookies with the simulator's keys. Use the simulator's keys for the
 * whole request inside the simulator, and give the host its own jar back afterwards.
 */
function ownCookieKeys(keys: string[]): Middleware {
  return async (ctx, next) => {
    const hostCookies = ctx.cookies;
    const CookieJar = hostCookies.constructor as new (req: unknown, res: unknown, options: { keys: string[]; secure: boolean }) => typeof hostCookies;
    ctx.cookies = new CookieJar(ctx.req, ctx.res, { keys, secure: ctx.request.secure });
    try {
      await next();
    } finally {
      ctx.cookies = hostCookies;
    }
  };
}

/** A root app serving the simulator at its issuer's path (what Kontekst does with koa-mount), for running it alone. */
export function mountAtIssuerPath(issuer: string, app: Koa): Koa {
  const base = new URL(issuer).pathname.replace(/\/+$/, '');
  if (!base) return app;
  const root = new Koa();
  root.proxy = app.proxy;
  root.use(mount(base, app));
  return root;
}
