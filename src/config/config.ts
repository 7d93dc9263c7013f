// Typed, frozen configuration built from the validated environment; the shape every part receives.
import type { CvrRegisterConfig, OutboxConfig } from './outbox-schema.ts';
import type { ClaimMapping } from '../upstream/claim-mapping.ts';
import type { RawEnv } from './schema.ts';

export interface RedisConfig {
  url?: string;
  clusterNodes?: { host: string; port: number }[];
  sentinels?: { host: string; port: number }[];
  sentinelName?: string;
  password?: string;
  tls: boolean;
  keyPrefix: string;
  /** How long startup waits for Redis to answer (default 30 s). */
  connectTimeoutMs?: number;
  /** Per-command timeout (default 2000 ms). */
  commandTimeoutMs?: number;
  /** Cap of the reconnect back-off (default 2000 ms). */
  maxReconnectDelayMs?: number;
}

/** At most `points` events per `durationSeconds` (see src/ratelimit/limiter.ts). */
export interface RateLimitConfig {
  points: number;
  durationSeconds: number;
}

export interface RateLimitsConfig {
  clientAuthPerClient: RateLimitConfig;
  clientAuthPerIp: RateLimitConfig;
  registrationPerIp: RateLimitConfig;
  loginsPerIp: RateLimitConfig;
  simulatorCodesPerIp: RateLimitConfig;
}

export interface Config {
  env: RawEnv['NODE_ENV'];
  production: boolean;
  host: string;
  port: number;
  publicUrl: string;
  issuer: string;
  logLevel: RawEnv['LOG_LEVEL'];
  trustProxy: boolean;
  /** Prometheus metrics: their own listener (port) and/or GET /metrics on the public one (onPublicListener). */
  metrics: { port?: number; host: string; onPublicListener: boolean };
  /** The pages' footer links. */
  pages: { helpUrl: string; privacyUrl?: string; accessibilityUrl?: string };
  cookieSecrets: string[];
  keysDir: string;
  signingJwks?: string;
  pairwiseSalt: string;
  /** HMAC secret of the directory's CPR / MitID indexes (DIRECTORY_INDEX_SECRET, else PAIRWISE_SALT). */
  directoryIndexSecret: string;
  clientsDir: string;
  resourceServersFile: string;
  /** The world seeded into an empty directory (and the simulator's identities); none by default in production. */
  worldFile?: string;
  simulator: { enabled: boolean; issuer: string; codeBlockSeconds: number };
  demoRp: { enabled: boolean };
  upstream: {
    issuer: string;
    clientId: string;
    clientAuth: RawEnv['UPSTREAM_CLIENT_AUTH'];
    clientSecret?: string;
    /** UPSTREAM_CLAIM_MAPPING, validated and filled with defaults at load; undefined: the defaults. */
    claimMapping?: ClaimMapping;
    timeoutMs: number;
    /** Skip upstream userinfo: the signed ID token carries the claims. */
    claimsFromIdToken: boolean;
  };
  redis?: RedisConfig;
  rateLimits: RateLimitsConfig;
  /** E-mail and SMS delivery. */
  outbox: OutboxConfig;
  /** Who may represent which CVR (organisation self-service connection). */
  cvrRegister: CvrRegisterConfig;
}
