// The one constant-time comparison: equal exactly when the strings are, whatever their lengths or content.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameSecret } from '../../src/crypto/constant-time.ts';

describe('sameSecret', () => {
  it('is string equality for any pair, including different lengths and non-ASCII', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => sameSecret(a, b) === (a === b)));
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (a) => sameSecret(a, a)));
  });

  it('refuses a prefix and a longer string', () => {
    expect(sameSecret('123', '123456')).toBe(false);
    expect(sameSecret('1234567', '123456')).toBe(false);
    expect(sameSecret('', '')).toBe(true);
  });
});
