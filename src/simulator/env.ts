// The standalone simulator's own small configuration, read from the environment and validated with zod.
import { z } from 'zod';
import type { ClientMetadata } from 'oidc-provider';

const csv = z.string().transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean));
const httpUrl = z.url().refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL');

export const simulatorEnvSchema = z
  .object({
    SIMULATOR_HOST: z.string().min(1).default('127.0.0.1'),
    SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
    /** Public base URL; the issuer is `<SIMULATOR_PUBLIC_URL>/mitid-sim`. */
    SIMULATOR_PUBLIC_URL: httpUrl.transform((value) => value.replace(/\/+$/, '')).optional(),
    SIMULATOR_CLIENT_ID: z.string().min(1).default('kontekst'),
    /** With a secret the client authenticates with client_secret_basic, otherwise private_key_jwt via its JWKS URI. */
    SIMULATOR_CLIENT_SECRET: z.string().min(16).optional(),
    SIMULATOR_CLIENT_JWKS_URI: httpUrl.optional(),
    SIMULATOR_REDIRECT_URIS: csv.pipe(z.array(httpUrl).min(1)).default(['http://localhost:3000/login/mitid/callback']),
    SIMULATOR_COOKIE_KEYS: csv.pipe(z.array(z.string().min(16)).min(1)).optional(),
    /** Behind a TLS-terminating proxy (an https SIMULATOR_PUBLIC_URL): trust X-Forwarded-Proto and -Host. */
    SIMULATOR_TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
    SIMULATOR_CODE_BLOCK_SECONDS: z.coerce.number().int().min(1).max(86400).default(60),
    WORLD_FILE: z.string().min(1).default('config/demo-world.json'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .refine((env) => env.SIMULATOR_CLIENT_SECRET || env.SIMULATOR_CLIENT_JWKS_URI, {
    message: 'set SIMULATOR_CLIENT_SECRET (client_secret_basic) or SIMULATOR_CLIENT_JWKS_URI (private_key_jwt)',
    path: ['SIMULATOR_CLIENT_SECRET'],
  });

export type SimulatorEnv = z.infer<typeof simulatorEnvSchema>;

/** Parses the environment; the error names every bad key. Empty values count as unset. */
export function parseSimulatorEnv(env: Record<string, string | undefined>): SimulatorEnv {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = simulatorEnvSchema.safeParse(cleaned);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`Invalid simulator configuration:\n${issues.join('\n')}`);
  }
  return result.data;
}

/** The one client (Kontekst, or any relying party under test) the standalone simulator registers. */
export function simulatorClient(env: SimulatorEnv): ClientMetadata {
  const common = { client_id: env.SIMULATOR_CLIENT_ID, redirect_uris: env.SIMULATOR_REDIRECT_URIS };
  if (env.SIMULATOR_CLIENT_SECRET) {
    return { ...common, client_secret: env.SIMULATOR_CLIENT_SECRET, token_endpoint_auth_method: 'client_secret_basic' };
  }
  return { ...common, jwks_uri: env.SIMULATOR_CLIENT_JWKS_URI, token_endpoint_auth_method: 'private_key_jwt' };
}
