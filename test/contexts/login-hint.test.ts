// parseLoginHint: the three accepted forms, "any" when absent, and a typed error that never echoes the value.
import { describe, expect, it } from 'vitest';
import { LoginHintError, formatLoginHint, parseLoginHint, safeParseLoginHint } from '../../src/contexts/login-hint.ts';

const FORMAT_MESSAGE = 'login_hint must be "private", "professional" or "professional:cvr:<CVR>"';
const CVR_MESSAGE = 'login_hint professional:cvr:<CVR> needs a valid 8-digit CVR number';

describe('parseLoginHint', () => {
  it.each([
    [undefined, { kind: 'any' }],
    ['', { kind: 'any' }],
    ['private', { kind: 'private' }],
    ['professional', { kind: 'professional' }],
    ['professional:cvr:34567891', { kind: 'professional', cvr: '34567891' }],
  ])('%j → %j', (value, expected) => {
    expect(parseLoginHint(value)).toEqual(expected);
  });

  it.each([
    'Private',
    'PROFESSIONAL',
    'professional:cvr:',
    'professional:cvr:34567890',
    'professional:cvr:3456789',
    'professional:cvr:345678911',
    'professional:cvr:0000000',
    'professional:34567891',
    'jens@example.dk',
    ' private',
    'professional:cvr:34567891 ',
    '1505801234',
  ])('rejects %j with a typed error that does not echo it', (value) => {
    const error = (() => {
      try {
        parseLoginHint(value);
      } catch (caught) {
        return caught;
      }
      throw new Error('expected a LoginHintError');
    })();
    expect(error).toBeInstanceOf(LoginHintError);
    expect((error as LoginHintError).code).toBe('invalid_login_hint');
    // The message is one of two fixed sentences, whatever the value was.
    expect([FORMAT_MESSAGE, CVR_MESSAGE]).toContain((error as LoginHintError).message);
    const result = safeParseLoginHint(value);
    expect(result.ok).toBe(false);
  });

  it('formatLoginHint is the inverse of parseLoginHint', () => {
    for (const value of ['private', 'professional', 'professional:cvr:12345674']) {
      expect(formatLoginHint(parseLoginHint(value))).toBe(value);
    }
    expect(formatLoginHint({ kind: 'any' })).toBeUndefined();
  });
});
