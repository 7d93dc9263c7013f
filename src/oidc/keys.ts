// Signing keys: generated into keys/ on first start in development, loaded from env or files in production.
// The first key of each algorithm signs; the others are only published (see key-rotation.ts for their states).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { z } from 'zod';
import { parseJsonText } from '../config/json-file.ts';
import { StartupError } from '../config/startup-error.ts';

export interface PrivateJwks {
  keys: JWK[];
}

/** Kontekst's own key for private_key_jwt at the MitID broker (its public half is served at /upstream/jwks.json). */
export const UPSTREAM_CLIENT_JWKS_FILE = 'upstream-client.jwks.json';

/** Keys generated for development carry this kid prefix; production refuses to start with them. */
export const DEV_KID_PREFIX = 'dev-';

const jwkSchema = z
  .object({ kty: z.enum(['RSA', 'EC', 'OKP']), kid: z.string().min(1), d: z.string().min(1) })
  .passthrough();
const jwksSchema = z.object({ keys: z.array(jwkSchema).min(1) });

export class KeyError extends StartupError {
  override name = 'KeyError';
  constructor(problem: string | string[]) {
    super(problem);
  }
}

async function generateDevKey(alg: 'RS256' | 'ES256', purpose: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, alg, use: 'sig', kid: `${DEV_KID_PREFIX}${purpose}-${alg.toLowerCase()}-${Date.now().toString(36)}` };
}

function parseJwks(text: string, source: string): PrivateJwks {
  // "private JWKS (each key needs kty, kid and private parts)": zod then names the key and part missing.
  return parseJsonText(text, source, jwksSchema, { what: 'private JWKS (each key needs kty, kid and private parts)', error: KeyError }) as PrivateJwks;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Loads a private JWKS: from `inline` (an environment value) if given, else from `<dir>/<file>`.
 * Outside production a missing file is generated; in production development keys are refused.
 */
export async function loadOrCreateJwks(options: {
  dir: string;
  file: string;
  purpose: string;
  inline?: string;
  production: boolean;
  algs?: ('RS256' | 'ES256')[];
}): Promise<PrivateJwks> {
  const path = join(options.dir, options.file);
  let jwks: PrivateJwks;
  if (options.inline) {
    jwks = parseJwks(options.inline, `${options.purpose} keys from the environment`);
  } else {
    const text = await readIfExists(path);
    if (text !== undefined) {
      jwks = parseJwks(text, path);
    } else if (options.production) {
      throw new KeyError(`${path}: missing; production needs ${options.purpose} keys (file or environment)`);
    } else {
      const algs = options.algs ?? ['RS256', 'ES256'];
      jwks = { keys: await Promise.all(algs.map((alg) => generateDevKey(alg, options.purpose))) };
      await writeFileAtomically(path, jwks);
    }
  }
  if (options.production && jwks.keys.some((key) => key.kid?.startsWith(DEV_KID_PREFIX))) {
    throw new KeyError(`${options.purpose} keys: development keys (kid "${DEV_KID_PREFIX}…") are refused in production`);
  }
  return jwks;
}

/** Writes JSON (private keys: owner-only) then renames: a concurrent reader sees the old or the whole new file, never half. */
export async function writeFileAtomically(path: string, json: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  await writeFile(temp, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, path);
}

/** Reads and validates a private JWKS file; undefined when it does not exist. */
export async function readJwksFile(path: string): Promise<PrivateJwks | undefined> {
  const text = await readIfExists(path);
  return text === undefined ? undefined : parseJwks(text, path);
}

/** The public half of a private JWK. */
export function publicJwk(jwk: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, k: _k, ...rest } = jwk as JWK & { oth?: unknown };
  return rest;
}
