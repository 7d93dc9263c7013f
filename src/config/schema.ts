// The zod schema of Kontekst's configuration: every environment variable, its type and its default.
import { z } from 'zod';
import { outboxEnvShape } from './outbox-schema.ts';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const csv = z
  .string()
  .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean));

const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL')
  .transform((value) => value.replace(/\/+$/, ''));

/** A rate limit written "<count>/<seconds>", e.g. "20/300": at most 20 events per 300 seconds. */
const rateLimit = z
  .string()
  .regex(/^\d{1,9}\/\d{1,9}$/, 'must be "<count>/<seconds>", e.g. "20/300"')
  .transform((value) => {
    const [points, durationSeconds] = value.split('/').map(Number) as [number, number];
    return { points, durationSeconds };
  })
  .refine((limit) => limit.points >= 1 && limit.durationSeconds >= 1, 'count and seconds must both be at least 1');

/**
 * The raw environment, key by key. Names are the environment variable names so that a
 * validation error names exactly the key the operator has to fix.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Public base URL of this deployment; the issuer is derived from it. */
  PUBLIC_URL: httpUrl.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Serve Prometheus metrics on a listener of their own at this port (GET /metrics). */
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Interface of the metrics listener: keep it private. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Also serve GET /metrics on the public listener. Defaults to on outside production only. */
  METRICS_PUBLIC: bool.optional(),
  /** Footer links of every page (Danish public login pages carry all three). */
  HELP_URL: httpUrl.default('https://www.mitid.dk/hjaelp/'),
  PRIVACY_URL: httpUrl.optional(),
  ACCESSIBILITY_URL: httpUrl.optional(),
  /** Behind a TLS-terminating load balancer: trust X-Forwarded-* headers. */
  TRUST_PROXY: bool.default(false),

  /** Comma-separated secrets for signed cookies, newest first (rotation keeps old ones last). */
  COOKIE_SECRETS: csv.optional(),
  /** Directory holding signing keys (jwks.json); development keys are generated here on first start. */
  KEYS_DIR: z.string().min(1).default('keys'),
  /** Signing keys as a private JWKS JSON document (takes precedence over KEYS_DIR). */
  SIGNING_JWKS: z.string().min(1).optional(),
  /** Secret salt for pairwise subject identifiers. */
  PAIRWISE_SALT: z.string().min(16).optional(),

  /** Directory of static client registrations (*.json). */
  CLIENTS_DIR: z.string().min(1).default('config/clients'),
  /** Resource servers that get JWT access tokens (RFC 8707 / RFC 9068). */
  RESOURCE_SERVERS_FILE: z.string().min(1).default('config/resource-servers.json'),
  /** Directory data (organisations, business users) and, for the simulator, MitID identities. */
  WORLD_FILE: z.string().min(1).optional(),

  /** Serve the built-in MitID simulator under /mitid-sim. Defaults to on outside production. */
  SIMULATOR_ENABLED: bool.optional(),
  /** How long three wrong codes block a means in the simulator. */
  SIMULATOR_CODE_BLOCK_SECONDS: z.coerce.number().int().min(1).max(86400).default(60),
  /** Serve the demo relying party under /demo-rp. Defaults to on outside production. */
  DEMO_RP_ENABLED: bool.optional(),

  /** Upstream MitID issuer. Defaults to the built-in simulator. */
  UPSTREAM_ISSUER: httpUrl.optional(),
  UPSTREAM_CLIENT_ID: z.string().min(1).default('kontekst'),
  UPSTREAM_CLIENT_AUTH: z.enum(['private_key_jwt', 'client_secret_basic']).default('private_key_jwt'),
  UPSTREAM_CLIENT_SECRET: z.string().min(1).optional(),
  /** JSON object mapping MitID login fields to the upstream broker's claim names. */
  UPSTREAM_CLAIM_MAPPING: z.string().min(2).optional(),
  /**
   * Read the upstream login's claims from its signed ID token alone and skip the userinfo request. Only for an
   * upstream whose ID token carries every mapped claim. Defaults to on when the upstream is the built-in simulator.
   */
  UPSTREAM_CLAIMS_FROM_ID_TOKEN: bool.optional(),
  /** Upstream HTTP timeout. */
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),

  /** Redis for production storage; unset means in-memory storage. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL').optional(),
  /** Redis Cluster seed nodes, comma-separated host:port. */
  REDIS_CLUSTER_NODES: csv.optional(),
  /** Redis Sentinel nodes, comma-separated host:port, with REDIS_SENTINEL_NAME. */
  REDIS_SENTINELS: csv.optional(),
  REDIS_SENTINEL_NAME: z.string().min(1).optional(),
  REDIS_PASSWORD: z.string().min(1).optional(),
  REDIS_TLS: bool.default(false),
  /**
   * Prefix of every Redis key. Braces are refused: keys put their own Redis Cluster hash tag in {…},
   * and a brace in the prefix would become the hash tag instead (every key in one slot, or broken slots).
   */
  REDIS_KEY_PREFIX: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[^{}\s]+$/, 'must not contain "{", "}" or whitespace (keys carry their own Redis Cluster hash tags)')
    .default('kontekst'),
  /** A Redis command without an answer within this time fails the request with 503 (a hung server must not hang requests). */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
  /** Upper bound of the reconnect back-off: service returns at most this long after Redis does. */
  REDIS_MAX_RECONNECT_DELAY_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
  /** How long a starting process waits for Redis before giving up (it then exits non-zero). */
  REDIS_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  /**
   * Secret for the keyed hashes (HMAC) that index the directory by CPR and MitID UUID in Redis, so a dump
   * of Redis reveals no CPR. Defaults to PAIRWISE_SALT; changing it needs a re-seed of the directory.
   */
  DIRECTORY_INDEX_SECRET: z.string().min(16).optional(),

  /** Production without Redis: only for a single-node trial (sessions die with the process, nothing is shared). */
  ALLOW_MEMORY_STORAGE_IN_PRODUCTION: bool.default(false),
  /** Failed client authentications at token / introspection / revocation, per client_id. */
  RATE_LIMIT_CLIENT_AUTH_PER_CLIENT: rateLimit.default({ points: 20, durationSeconds: 300 }),
  /** Failed client authentications at token / introspection / revocation, per source address. */
  RATE_LIMIT_CLIENT_AUTH_PER_IP: rateLimit.default({ points: 100, durationSeconds: 300 }),
  /** Failed initial access tokens at /reg, per source address. */
  RATE_LIMIT_REGISTRATION_PER_IP: rateLimit.default({ points: 10, durationSeconds: 300 }),
  /** New login transactions (authorization requests reaching the journey), per source address. */
  RATE_LIMIT_LOGINS_PER_IP: rateLimit.default({ points: 300, durationSeconds: 60 }),
  /** Wrong codes / PINs at the built-in MitID simulator, per source address (the per-user lock is MitID's 3). */
  RATE_LIMIT_SIMULATOR_CODES_PER_IP: rateLimit.default({ points: 30, durationSeconds: 300 }),
  /** E-mail/SMS delivery and the CVR register: see outbox-schema.ts. */
  ...outboxEnvShape,
});

export type RawEnv = z.infer<typeof envSchema>;
