// Loads configuration from an environment map: validates with zod and fails fast naming the bad key.
import { z } from 'zod';
import { envSchema } from './schema.ts';
import { DEV_COOKIE_SECRET, DEV_PAIRWISE_SALT, productionProblems } from './production-rules.ts';
import { outboxSettings } from './outbox-schema.ts';
import type { Config, RedisConfig } from './config.ts';

export class ConfigError extends Error {
  constructor(public readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export { DEV_COOKIE_SECRET, DEV_PAIRWISE_SALT } from './production-rules.ts';
/** The embedded demo world: the default outside production only. */
export const DEMO_WORLD_FILE = 'config/demo-world.json';

function hostPort(entry: string, key: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(entry);
  if (!match) throw new ConfigError([`${key}: "${entry}" is not host:port`]);
  return { host: match[1]!, port: Number(match[2]) };
}

function parseClaimMapping(json: string | undefined): Record<string, string> | undefined {
  if (json === undefined) return undefined;
  const parsed = z.record(z.string(), z.string().min(1)).safeParse(safeJson(json));
  if (!parsed.success) throw new ConfigError(['UPSTREAM_CLAIM_MAPPING: must be a JSON object of field → claim name']);
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function loadConfig(env: Record<string, string | undefined>): Readonly<Config> {
  // Empty strings count as unset so that `FOO=` in an env file does not fail validation.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  const raw = result.data;
  const production = raw.NODE_ENV === 'production';
  const publicUrl = raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`;
  const simulatorEnabled = raw.SIMULATOR_ENABLED ?? !production;
  const simulatorIssuer = `${publicUrl}/mitid-sim`;

  const problems: string[] = productionProblems(raw);
  if (raw.UPSTREAM_CLIENT_AUTH === 'client_secret_basic' && !raw.UPSTREAM_CLIENT_SECRET) {
    problems.push('UPSTREAM_CLIENT_SECRET: required with UPSTREAM_CLIENT_AUTH=client_secret_basic');
  }
  if (raw.REDIS_SENTINELS && !raw.REDIS_SENTINEL_NAME) problems.push('REDIS_SENTINEL_NAME: required with REDIS_SENTINELS');
  const redisSources = [raw.REDIS_URL, raw.REDIS_CLUSTER_NODES, raw.REDIS_SENTINELS].filter((value) => value !== undefined);
  if (redisSources.length > 1) problems.push('REDIS_URL, REDIS_CLUSTER_NODES, REDIS_SENTINELS: set only one of them');
  const { outbox, cvrRegister, problems: deliveryProblems } = outboxSettings(raw, production);
  problems.push(...deliveryProblems);
  if (problems.length) throw new ConfigError(problems);

  let redis: RedisConfig | undefined;
  if (raw.REDIS_URL || raw.REDIS_CLUSTER_NODES || raw.REDIS_SENTINELS) {
    redis = {
      url: raw.REDIS_URL,
      clusterNodes: raw.REDIS_CLUSTER_NODES?.map((entry) => hostPort(entry, 'REDIS_CLUSTER_NODES')),
      sentinels: raw.REDIS_SENTINELS?.map((entry) => hostPort(entry, 'REDIS_SENTINELS')),
      sentinelName: raw.REDIS_SENTINEL_NAME,
      password: raw.REDIS_PASSWORD,
      tls: raw.REDIS_TLS,
      keyPrefix: raw.REDIS_KEY_PREFIX,
      connectTimeoutMs: raw.REDIS_CONNECT_TIMEOUT_MS,
      commandTimeoutMs: raw.REDIS_COMMAND_TIMEOUT_MS,
      maxReconnectDelayMs: raw.REDIS_MAX_RECONNECT_DELAY_MS,
    };
  }

  const config: Config = {
    env: raw.NODE_ENV,
    production,
    host: raw.HOST,
    port: raw.PORT,
    publicUrl,
    issuer: publicUrl,
    logLevel: raw.LOG_LEVEL,
    trustProxy: raw.TRUST_PROXY,
    // Metrics describe the deployment's traffic: off the public listener in production unless asked for.
    metrics: { port: raw.METRICS_PORT, host: raw.METRICS_HOST, onPublicListener: raw.METRICS_PUBLIC ?? !production },
    cookieSecrets: raw.COOKIE_SECRETS ?? [DEV_COOKIE_SECRET],
    keysDir: raw.KEYS_DIR,
    signingJwks: raw.SIGNING_JWKS,
    pairwiseSalt: raw.PAIRWISE_SALT ?? DEV_PAIRWISE_SALT,
    directoryIndexSecret: raw.DIRECTORY_INDEX_SECRET ?? raw.PAIRWISE_SALT ?? DEV_PAIRWISE_SALT,
    clientsDir: raw.CLIENTS_DIR,
    resourceServersFile: raw.RESOURCE_SERVERS_FILE,
    // The demo world is fictitious: production seeds only a world it names (the directory is kept by administrators).
    worldFile: raw.WORLD_FILE ?? (production ? undefined : DEMO_WORLD_FILE),
    simulator: { enabled: simulatorEnabled, issuer: simulatorIssuer, codeBlockSeconds: raw.SIMULATOR_CODE_BLOCK_SECONDS },
    demoRp: { enabled: raw.DEMO_RP_ENABLED ?? !production },
    upstream: {
      issuer: raw.UPSTREAM_ISSUER ?? simulatorIssuer,
      clientId: raw.UPSTREAM_CLIENT_ID,
      clientAuth: raw.UPSTREAM_CLIENT_AUTH,
      clientSecret: raw.UPSTREAM_CLIENT_SECRET,
      claimMapping: parseClaimMapping(raw.UPSTREAM_CLAIM_MAPPING),
      timeoutMs: raw.UPSTREAM_TIMEOUT_MS,
      // The built-in simulator puts every claim in its ID token.
      claimsFromIdToken: raw.UPSTREAM_CLAIMS_FROM_ID_TOKEN ?? raw.UPSTREAM_ISSUER === undefined,
    },
    redis,
    rateLimits: {
      clientAuthPerClient: raw.RATE_LIMIT_CLIENT_AUTH_PER_CLIENT,
      clientAuthPerIp: raw.RATE_LIMIT_CLIENT_AUTH_PER_IP,
      registrationPerIp: raw.RATE_LIMIT_REGISTRATION_PER_IP,
      loginsPerIp: raw.RATE_LIMIT_LOGINS_PER_IP,
      simulatorCodesPerIp: raw.RATE_LIMIT_SIMULATOR_CODES_PER_IP,
    },
    outbox,
    cvrRegister,
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
