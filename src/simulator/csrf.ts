// Form tokens bound to one interaction: an HMAC of its uid, so a form of another interaction is recognised without state.
import { createHmac } from 'node:crypto';
import { sameSecret } from '../crypto/constant-time.ts';

export class FormTokens {
  constructor(private readonly keys: readonly string[]) {
    if (keys.length === 0) throw new Error('cookieKeys: at least one key is required');
  }

  issue(uid: string): string {
    return this.#mac(this.keys[0]!, uid);
  }

  /** Accepts tokens made with any of the keys, so rotating cookieKeys does not break logins under way. */
  verify(uid: string, token: string): boolean {
    return this.keys.some((key) => sameSecret(token, this.#mac(key, uid)));
  }

  #mac(key: string, uid: string): string {
    return createHmac('sha256', key).update(`mitid-sim-form:${uid}`).digest('base64url');
  }
}
