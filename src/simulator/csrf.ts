// Form tokens bound to one interaction: an HMAC of its uid, so a form of another interaction is recognised without state.
import { createHmac, timingSafeEqual } from 'node:crypto';

export class FormTokens {
  constructor(private readonly keys: readonly string[]) {
    if (keys.length === 0) throw new Error('cookieKeys: at least one key is required');
  }

  issue(uid: string): string {
    return this.#mac(this.keys[0]!, uid);
  }

  /** Accepts tokens made with any of the keys, so rotating cookieKeys does not break logins under way. */
  verify(uid: string, token: string): boolean {
    const given = Buffer.from(token);
    return this.keys.some((key) => {
      const expected = Buffer.from(this.#mac(key, uid));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
  }

  #mac(key: string, uid: string): string {
    return createHmac('sha256', key).update(`mitid-sim-form:${uid}`).digest('base64url');
  }
}
