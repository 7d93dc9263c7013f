// Parses the OIDC `login_hint` a relying party may send to narrow the contexts: private, professional, professional:cvr:<CVR>.
import { isValidCvr } from '../domain/cvr.ts';

export type LoginHint = { kind: 'any' } | { kind: 'private' } | { kind: 'professional'; cvr?: string };

/** A malformed login_hint. The message never echoes the value: relying parties may put anything there. */
export class LoginHintError extends Error {
  readonly code = 'invalid_login_hint';
  constructor(message: string) {
    super(message);
    this.name = 'LoginHintError';
  }
}

export type LoginHintResult = { ok: true; hint: LoginHint } | { ok: false; error: LoginHintError };

const CVR_HINT_PREFIX = 'professional:cvr:';

/** Non-throwing parse: an absent or empty hint means "any context". */
export function safeParseLoginHint(value?: string): LoginHintResult {
  if (value === undefined || value === '') return { ok: true, hint: { kind: 'any' } };
  if (value === 'private') return { ok: true, hint: { kind: 'private' } };
  if (value === 'professional') return { ok: true, hint: { kind: 'professional' } };
  if (value.startsWith(CVR_HINT_PREFIX)) {
    const cvr = value.slice(CVR_HINT_PREFIX.length);
    if (!isValidCvr(cvr)) {
      return { ok: false, error: new LoginHintError('login_hint professional:cvr:<CVR> needs a valid 8-digit CVR number') };
    }
    return { ok: true, hint: { kind: 'professional', cvr } };
  }
  return {
    ok: false,
    error: new LoginHintError('login_hint must be "private", "professional" or "professional:cvr:<CVR>"'),
  };
}

/** Throwing parse; throws LoginHintError (code `invalid_login_hint`) for a malformed hint. */
export function parseLoginHint(value?: string): LoginHint {
  const result = safeParseLoginHint(value);
  if (!result.ok) throw result.error;
  return result.hint;
}

/** The login_hint string for a hint (inverse of parseLoginHint); undefined for "any". */
export function formatLoginHint(hint: LoginHint): string | undefined {
  if (hint.kind === 'any') return undefined;
  if (hint.kind === 'private') return 'private';
  return hint.cvr ? `${CVR_HINT_PREFIX}${hint.cvr}` : 'professional';
}
