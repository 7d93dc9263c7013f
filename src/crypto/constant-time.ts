// Constant-time comparison of secrets (form tokens, PINs, one-time codes): the one helper Kontekst and the simulator share.
import { timingSafeEqual } from 'node:crypto';

/**
 * True when both strings are byte-for-byte equal. The time taken does not depend on where they differ,
 * so a guesser learns nothing from response times; only the length may leak, which a secret's format fixes anyway.
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
