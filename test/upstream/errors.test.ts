// Unit tests of the typed upstream errors: stable codes, downstream OIDC errors, safe descriptions.
import { describe, expect, it } from 'vitest';
import { UPSTREAM_ERROR_CODES, UpstreamError, oidcErrorFor } from '../../src/upstream/errors.ts';

describe('UpstreamError', () => {
  it('maps each code to the OIDC error a relying party receives', () => {
    expect(Object.fromEntries(UPSTREAM_ERROR_CODES.map((code) => [code, oidcErrorFor(code)]))).toEqual({
      cancelled: 'access_denied',
      unmet_authentication_requirements: 'unmet_authentication_requirements',
      loa_too_low: 'unmet_authentication_requirements',
      unknown_state: 'access_denied',
      interaction_mismatch: 'access_denied',
      upstream_error: 'server_error',
      invalid_response: 'server_error',
      unavailable: 'temporarily_unavailable',
    });
  });

  it('gives every code a distinct, fixed description independent of the message', () => {
    const descriptions = UPSTREAM_ERROR_CODES.map((code) => new UpstreamError(code, 'internal 1505801234').description);
    expect(new Set(descriptions).size).toBe(UPSTREAM_ERROR_CODES.length);
    for (const description of descriptions) expect(description).not.toContain('1505801234');
  });

  it('is an Error with its code and detail', () => {
    const error = new UpstreamError('cancelled', 'cancelled upstream', { detail: 'access_denied' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('UpstreamError');
    expect(error.code).toBe('cancelled');
    expect(error.detail).toBe('access_denied');
  });
});
