// State, nonce and PKCE for the upstream hop: RFC 7636's example, agreement with openid-client, and randomness.
import fc from 'fast-check';
import { calculatePKCECodeChallenge } from 'openid-client';
import { describe, expect, it } from 'vitest';
import { randomToken, s256CodeChallenge } from '../../src/upstream/pkce.ts';

describe('upstream PKCE', () => {
  it('computes RFC 7636 appendix B', () => {
    expect(s256CodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('agrees with openid-client for any verifier', async () => {
    const verifierChar = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~'.split(''));
    await fc.assert(fc.asyncProperty(fc.string({ unit: verifierChar, minLength: 43, maxLength: 128 }), async (verifier) => {
      expect(s256CodeChallenge(verifier)).toBe(await calculatePKCECodeChallenge(verifier));
    }), { numRuns: 200 });
  });

  it('makes 43-character base64url tokens (256 bits) that do not repeat', () => {
    const tokens = Array.from({ length: 1000 }, randomToken);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
  });
});
