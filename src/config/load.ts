// Loads configuration from an environment map: validates with zod and fails fast naming every bad key at once.
import { claimMappingSchema, type ClaimMapping } from '../upstream/claim-mapping.ts';
import { DEV_COOKIE_SECRET, DEV_PAIRWISE_SALT, productionProblems } from './production-rules.ts';
import { outboxSettings } from './outbox-schema.ts';
import type { Config, RedisConfig } from './config.ts';
import { parseJsonText } from './json-file.ts';
import { envSchema } from './schema.ts';
import { StartupError } from './startup-error.ts';

/** A bad environment variable; `problems` name each key (and the path inside a JSON value). */
export class ConfigError extends StartupError {
  override name = 'ConfigError';
}

export { DEV_COOKIE_SECRET, DEV_PAIRWISE_SALT } from './production-rules.ts';
/** The embedded demo world: the default outside production only. */
export const DEMO_WORLD_FILE = 'config/demo-world.json';

const HOST_PORT = /^(.+):(\d{1,5})$/;

function hostPort(entry: string): { host: string; port: number } {
  const match = HOST_PORT.exec(entry)!;
  return { host: match[1]!, port: Number(match[2]) };
}

/** The upstream claim mapping, checked with the connector's own (nested, strict) schema; problems collected. */
function parseClaimMapping(json: string | undefined, problems: string[]): ClaimMapping | undefined {
  if (json === undefined) return undefined;
  try {
    return parseJsonText(json, 'UPSTREAM_CLAIM_MAPPING', claimMappingSchema, { what: 'upstream claim mapping' });
  } catch (error) {
    if (!(error instanceof StartupError)) throw error;
    problems.push(...error.problems);
    return undefined;
  }
}

export function loadConfig(env: Record<string, string | undefined>): Readonly<Config> {
  // Empty strings count as unset so that `FOO=` in an env file does not fail validation.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const problems: string[] = [];
  const claimMapping = parseClaimMapping(cleaned['UPSTREAM_CLAIM_MAPPING'], problems);
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    problems.push(...result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
    throw new ConfigError(problems);
  }
  const raw = result.data;
  const production = raw.NODE_ENV === 'production';
  const publicUrl = raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`;
  const simulatorEnabled = raw.SIMULATOR_ENABLED ?? !production;
  const simulatorIssuer = `${publicUrl}/mitid-sim`;

  problems.push(...productionProblems(raw));
  if (raw.UPSTREAM_CLIENT_AUTH === 'client_secret_basic' && !raw.UPSTREAM_CLIENT_SECRET) {
    problems.push('UPSTREAM_CLIENT_SECRET: required with UPSTREAM_CLIENT_AUTH=client_secret_basic');
  }
  if (raw.REDIS_SENTINELS && !raw.REDIS_SENTINEL_NAME) problems.push('REDIS_SENTINEL_NAME: required with REDIS_SENTINELS');
  const redisSources = [raw.REDIS_URL, raw.REDIS_CLUSTER_NODES, raw.REDIS_SENTINELS].filter((value) => value !== undefined);
  if (redisSources.length > 1) problems.push('REDIS_URL, REDIS_CLUSTER_NODES, REDIS_SENTINELS: set only one of them');
  const { outbox, cvrRegister, problems: deliveryProblems } = outboxSettings(raw, production);
  problems.push(...deliveryProblems);
  for (const key of ['REDIS_CLUSTER_NODES', 'REDIS_SENTINELS'] as const) {
    for (const entry of raw[key] ?? []) if (!HOST_PORT.test(entry)) problems.push(`${key}: "${entry}" is not host:port`);
  }
  if (problems.length) throw new ConfigError(problems);

  let redis: RedisConfig | undefined;
  if (raw.REDIS_URL || raw.REDIS_CLUSTER_NODES || raw.REDIS_SENTINELS) {
    redis = {
      url: raw.REDIS_URL,
      clusterNodes: raw.REDIS_CLUSTER_NODES?.map(hostPort),
      sentinels: raw.REDIS_SENTINELS?.map(hostPort),
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
    pages: { helpUrl: raw.HELP_URL, privacyUrl: raw.PRIVACY_URL, accessibilityUrl: raw.ACCESSIBILITY_URL },
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
      claimMapping,
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
