// Turns whatever openid-client or fetch threw into an UpstreamError, keeping only PII-free facts (codes, never bodies).
import { AuthorizationResponseError, ClientError, ResponseBodyError, WWWAuthenticateChallengeError } from 'openid-client';
import { UpstreamError } from './errors.ts';

/** Which step failed; discovery failures always mean the upstream is unavailable. */
export type UpstreamStep = 'discovery' | 'callback' | 'token' | 'userinfo';

// openid-client codes meaning the upstream did not answer sensibly at all (timeouts, HTML error pages, 5xx).
const UNAVAILABLE_CODES = new Set(['OAUTH_TIMEOUT', 'OAUTH_ABORT', 'OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_RESPONSE_IS_NOT_JSON']);

export function classifyUpstreamFailure(error: unknown, step: UpstreamStep): UpstreamError {
  if (error instanceof UpstreamError) return error;

  if (error instanceof AuthorizationResponseError) return fromOAuthError(error.error, step);

  if (error instanceof ResponseBodyError) {
    if (error.status >= 500) return unavailable(step, `http_${error.status}`);
    return fromOAuthError(error.error, step);
  }

  if (error instanceof WWWAuthenticateChallengeError) {
    // A 401 with a challenge: wrong client credentials at the token endpoint, a rejected access token at userinfo.
    const challengeError = error.cause.map((challenge) => challenge.parameters.error).find((value) => typeof value === 'string');
    return new UpstreamError('upstream_error', `MitID ${step} request was rejected`, {
      detail: safeToken(challengeError ?? 'www_authenticate_challenge'),
    });
  }

  if (step === 'discovery') return unavailable(step, errorCode(error));

  if (error instanceof ClientError) {
    const code = error.code ?? 'unknown';
    if (UNAVAILABLE_CODES.has(code)) return unavailable(step, code);
    // ID token signature, nonce, iss/aud/exp, sub mismatch between ID token and userinfo, unparsable bodies.
    return new UpstreamError('invalid_response', `MitID ${step} response failed validation`, { detail: code });
  }

  // fetch() reports refused connections, DNS failures and resets as TypeError; timeouts as DOMException.
  if (error instanceof TypeError || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))) {
    return unavailable(step, errorCode(error));
  }
  return new UpstreamError('upstream_error', `MitID ${step} failed unexpectedly`, { detail: errorCode(error) });
}

function fromOAuthError(oauthError: string, step: UpstreamStep): UpstreamError {
  const detail = safeToken(oauthError);
  switch (oauthError) {
    case 'access_denied':
      return new UpstreamError('cancelled', 'The MitID login was cancelled or refused', { detail });
    case 'unmet_authentication_requirements':
      return new UpstreamError('unmet_authentication_requirements', 'MitID could not reach the requested level of assurance', { detail });
    case 'temporarily_unavailable':
    case 'server_error':
      return unavailable(step, detail);
    default:
      return new UpstreamError('upstream_error', `MitID ${step} answered with an OAuth error`, { detail });
  }
}

function unavailable(step: UpstreamStep, detail: string): UpstreamError {
  return new UpstreamError('unavailable', `MitID ${step} is unavailable`, { detail });
}

function errorCode(error: unknown): string {
  if (error instanceof ClientError && error.code) return error.code;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return safeToken(cause.code);
  return error instanceof Error ? safeToken(error.name) : 'unknown';
}

// OAuth error codes are a restricted charset; anything else from the wire is not worth keeping.
function safeToken(value: string): string {
  return /^[A-Za-z0-9_.-]{1,64}$/.test(value) ? value : 'unrecognised';
}
