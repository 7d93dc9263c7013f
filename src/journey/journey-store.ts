// Per-interaction journey state between the upstream callback, the chooser and consent; bound to one interaction.
import { randomBytes } from 'node:crypto';
import { sameSecret } from '../crypto/constant-time.ts';
import type { ActingContext } from '../domain/context.ts';
import type { MitIdLogin } from '../domain/mitid.ts';
import type { KeyValueStore } from '../store/kv.ts';
import type { NotOffered } from '../contexts/refusal.ts';

export interface JourneyFailure {
  /** Why: upstream MitID failed, or the login fits no context here. */
  reason: 'upstream' | 'no_context';
  /** OIDC error for the relying party. */
  error: string;
  /** PII-free description for the relying party (English). */
  description: string;
  /** Shown to the person (already in their language). */
  message: string;
}

export interface JourneyState {
  /** Anti-forgery token of this interaction's forms. */
  csrf: string;
  /** The relying party's display name, for the pages. */
  clientName: string;
  login?: MitIdLogin;
  /** The contexts offered on the chooser: a submission must name one of them. */
  offered?: ActingContext[];
  /** The contexts considered and not offered, with why (shown on the chooser). */
  notOffered?: NotOffered[];
  failure?: JourneyFailure;
}

export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

export function csrfMatches(expected: string, actual: string): boolean {
  return sameSecret(actual, expected);
}

export class JourneyStore {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly ttlSeconds: number,
  ) {}

  async save(uid: string, state: JourneyState): Promise<void> {
    await this.kv.set(this.#key(uid), JSON.stringify(state), this.ttlSeconds);
  }

  async get(uid: string): Promise<JourneyState | undefined> {
    const raw = await this.kv.get(this.#key(uid));
    return raw === undefined ? undefined : (JSON.parse(raw) as JourneyState);
  }

  async delete(uid: string): Promise<void> {
    await this.kv.delete(this.#key(uid));
  }

  /** One-time read: a replayed chooser submission finds nothing. */
  async take(uid: string): Promise<JourneyState | undefined> {
    const raw = await this.kv.take(this.#key(uid));
    return raw === undefined ? undefined : (JSON.parse(raw) as JourneyState);
  }

  #key(uid: string): string {
    return `journey:${uid}`;
  }
}
