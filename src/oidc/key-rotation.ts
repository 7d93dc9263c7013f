// Signing-key rotation without downtime: add (publish only) → promote (sign) → retire (after its tokens expired).
//
// The JWKS file stays the only thing the server reads: the first key of each algorithm signs, every key in it is
// published. A sidecar file records when each key was added, promoted and demoted, so `retire` can tell whether
// tokens signed with a key may still be alive. Processes read the keys at start: a rolling restart applies a change.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { z } from 'zod';
import { readJsonFile } from '../config/json-file.ts';
import { DEV_KID_PREFIX, KeyError, readJwksFile, writeFileAtomically, type PrivateJwks } from './keys.ts';

export const SIGNING_JWKS_FILE = 'signing.jwks.json';
export const SIGNING_STATE_FILE = 'signing.state.json';

export const ROTATABLE_ALGS = ['RS256', 'ES256'] as const;
export type RotatableAlg = (typeof ROTATABLE_ALGS)[number];

/**
 * Time for a rolling restart after `promote`: until every process restarted, some still sign with the old key.
 * Retiring waits this long on top of the longest token lifetime.
 */
export const ROLLOUT_GRACE_SECONDS = 5 * 60;

/** active: signs (first of its alg); next: published, never signed; retiring: signed before, published until its tokens expired. */
export type KeyStatus = 'active' | 'next' | 'retiring';

export interface KeyInfo {
  kid: string;
  alg: string;
  kty: string;
  status: KeyStatus;
  addedAt?: number;
  promotedAt?: number;
  demotedAt?: number;
  /** Epoch seconds from when `retire` is allowed without --force (undefined: never signed, or unknown history). */
  retirableAt?: number;
}

const stateSchema = z.object({
  keys: z.record(
    z.string(),
    z.object({ addedAt: z.number().optional(), promotedAt: z.number().optional(), demotedAt: z.number().optional() }),
  ),
});
type RotationState = z.infer<typeof stateSchema>;

export class KeyRotationError extends KeyError {
  override name = 'KeyRotationError';
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** oidc-provider picks keys by alg; a key without one would lose to any key that has it, so every key names its alg. */
function algOf(key: JWK): string {
  if (key.alg) return key.alg;
  if (key.kty === 'RSA') return 'RS256';
  if (key.kty === 'EC' && key.crv === 'P-256') return 'ES256';
  if (key.kty === 'OKP') return 'EdDSA';
  throw new KeyRotationError(`key ${key.kid}: cannot tell its algorithm; add "alg" to it`);
}

function normalise(key: JWK): JWK {
  return { ...key, alg: algOf(key), use: key.use ?? 'sig' };
}

/** The signing key set in a keys directory: the JWKS (order = signing preference) plus the rotation record. */
export class SigningKeySet {
  private constructor(
    readonly dir: string,
    private keys: JWK[],
    private state: RotationState,
  ) {}

  static async open(dir: string): Promise<SigningKeySet> {
    const jwks = await readJwksFile(join(dir, SIGNING_JWKS_FILE));
    if (!jwks) {
      throw new KeyRotationError(`${join(dir, SIGNING_JWKS_FILE)}: missing; start Kontekst once (development) or run "kontekst keys add"`);
    }
    return new SigningKeySet(dir, jwks.keys.map(normalise), await readState(join(dir, SIGNING_STATE_FILE)));
  }

  /** Creates a key set with one fresh key per algorithm (production bootstrap); refuses to overwrite one. */
  static async create(dir: string, algs: readonly RotatableAlg[] = ROTATABLE_ALGS, now = nowSeconds()): Promise<SigningKeySet> {
    if (await readJwksFile(join(dir, SIGNING_JWKS_FILE))) throw new KeyRotationError(`${join(dir, SIGNING_JWKS_FILE)}: already exists`);
    const set = new SigningKeySet(dir, [], { keys: {} });
    for (const alg of algs) {
      const key = await generateSigningKey(alg, now);
      set.keys.push(key);
      set.state.keys[key.kid!] = { addedAt: now, promotedAt: now };
    }
    await set.save();
    return set;
  }

  /** The first key of each algorithm signs. */
  #activeKids(): Set<string> {
    const seen = new Set<string>();
    const active = new Set<string>();
    for (const key of this.keys) {
      const alg = algOf(key);
      if (seen.has(alg)) continue;
      seen.add(alg);
      active.add(key.kid!);
    }
    return active;
  }

  list(maxTokenLifetimeSeconds: number): KeyInfo[] {
    const active = this.#activeKids();
    return this.keys.map((key) => {
      const record = this.state.keys[key.kid!] ?? {};
      const status: KeyStatus = active.has(key.kid!) ? 'active' : record.demotedAt !== undefined ? 'retiring' : 'next';
      const retirableAt =
        status === 'retiring' && record.demotedAt !== undefined
          ? record.demotedAt + maxTokenLifetimeSeconds + ROLLOUT_GRACE_SECONDS
          : undefined;
      return { kid: key.kid!, alg: algOf(key), kty: key.kty!, status, ...record, retirableAt };
    });
  }

  /** The private JWKS as the server loads it (signing keys first). */
  jwks(): PrivateJwks {
    return { keys: this.keys.map((key) => ({ ...key })) };
  }

  /** Publishes a new key without signing with it (it goes after the active key of its algorithm). */
  async add(alg: RotatableAlg, now = nowSeconds()): Promise<KeyInfo> {
    const key = await generateSigningKey(alg, now);
    this.keys.push(key);
    this.state.keys[key.kid!] = { addedAt: now };
    await this.save();
    return this.#info(key.kid!);
  }

  /** Makes the key the signing key of its algorithm; the previous one stays published as "retiring". */
  async promote(kid: string, now = nowSeconds()): Promise<{ promoted: KeyInfo; demoted?: KeyInfo }> {
    const key = this.#find(kid);
    const alg = algOf(key);
    const previous = this.keys.find((candidate) => algOf(candidate) === alg);
    if (previous?.kid === kid) throw new KeyRotationError(`key ${kid} already signs ${alg} tokens`);
    this.keys = [key, ...this.keys.filter((candidate) => candidate.kid !== kid)];
    // Active keys first, in a stable order: the JWKS's first key is the one bootstrap treats as the signing key.
    const active = this.#activeKids();
    this.keys = [...this.keys.filter((k) => active.has(k.kid!)), ...this.keys.filter((k) => !active.has(k.kid!))];
    this.state.keys[kid] = { ...this.state.keys[kid], promotedAt: now, demotedAt: undefined };
    if (previous) this.state.keys[previous.kid!] = { ...this.state.keys[previous.kid!], demotedAt: now };
    await this.save();
    return { promoted: this.#info(kid), demoted: previous ? this.#info(previous.kid!) : undefined };
  }

  /**
   * Removes a key from the JWKS. Refused for the signing key, and for a demoted key while tokens it signed may
   * still be alive (max token lifetime + rollout grace after its demotion) unless `force`.
   */
  async retire(kid: string, options: { maxTokenLifetimeSeconds: number; force?: boolean; now?: number }): Promise<KeyInfo> {
    const now = options.now ?? nowSeconds();
    this.#find(kid);
    const info = this.#info(kid, options.maxTokenLifetimeSeconds);
    if (info.status === 'active') {
      throw new KeyRotationError(`key ${kid} signs ${info.alg} tokens; promote another ${info.alg} key first`);
    }
    if (!options.force) {
      if (info.status === 'retiring' && info.retirableAt !== undefined && now < info.retirableAt) {
        throw new KeyRotationError(
          `key ${kid} signed tokens until ${new Date(info.demotedAt! * 1000).toISOString()}; they may be valid until ` +
            `${new Date(info.retirableAt * 1000).toISOString()} (${info.retirableAt - now} s from now). Retire it then, or use --force`,
        );
      }
    }
    this.keys = this.keys.filter((key) => key.kid !== kid);
    delete this.state.keys[kid];
    await this.save();
    return info;
  }

  #find(kid: string): JWK {
    const key = this.keys.find((candidate) => candidate.kid === kid);
    if (!key) throw new KeyRotationError(`no key with kid "${kid}" (see "kontekst keys list")`);
    return key;
  }

  #info(kid: string, maxTokenLifetimeSeconds = 0): KeyInfo {
    return this.list(maxTokenLifetimeSeconds).find((info) => info.kid === kid)!;
  }

  private async save(): Promise<void> {
    // The JWKS first: it alone decides what signs; the state file is the record of when.
    await writeFileAtomically(join(this.dir, SIGNING_JWKS_FILE), { keys: this.keys });
    await writeFileAtomically(join(this.dir, SIGNING_STATE_FILE), this.state);
  }
}

function readState(path: string): Promise<RotationState> {
  return readJsonFile(path, stateSchema, { what: 'key rotation record', error: KeyRotationError, ifMissing: () => ({ keys: {} }) });
}

/** A production-grade key (kid without the development prefix): RSA 2048 or P-256. */
export async function generateSigningKey(alg: RotatableAlg, now: number): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
  const jwk = await exportJWK(privateKey);
  const date = new Date(now * 1000).toISOString().slice(0, 10).replaceAll('-', '');
  const kid = `${alg.toLowerCase()}-${date}-${randomBytes(4).toString('hex')}`;
  if (kid.startsWith(DEV_KID_PREFIX)) throw new KeyRotationError('generated kid has the development prefix');
  return { ...jwk, alg, use: 'sig', kid };
}
