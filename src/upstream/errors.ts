// Typed upstream errors with stable codes, the OIDC error each becomes for the relying party, and a PII-free description.

/** Stable codes the interaction journey can switch on. */
export const UPSTREAM_ERROR_CODES = [
  'cancelled',
  'unmet_authentication_requirements',
  'loa_too_low',
  'unknown_state',
  'interaction_mismatch',
  'upstream_error',
  'invalid_response',
  'unavailable',
] as const;
export type UpstreamErrorCode = (typeof UPSTREAM_ERROR_CODES)[number];

/** The OIDC authorization error code a relying party receives for each upstream failure. */
export type DownstreamOidcError = 'access_denied' | 'unmet_authentication_requirements' | 'temporarily_unavailable' | 'server_error';

const OIDC_ERROR: Record<UpstreamErrorCode, DownstreamOidcError> = {
  cancelled: 'access_denied',
  unmet_authentication_requirements: 'unmet_authentication_requirements',
  loa_too_low: 'unmet_authentication_requirements',
  // A replayed, expired or foreign callback means this login did not happen; nothing the relying party did wrong.
  unknown_state: 'access_denied',
  interaction_mismatch: 'access_denied',
  upstream_error: 'server_error',
  invalid_response: 'server_error',
  unavailable: 'temporarily_unavailable',
};

// Fixed texts: safe to show to people and relying parties because they never carry request data.
const DESCRIPTION: Record<UpstreamErrorCode, string> = {
  cancelled: 'The MitID login was cancelled.',
  unmet_authentication_requirements: 'The MitID login could not reach the required level of assurance.',
  loa_too_low: 'The MitID login did not reach the required level of assurance.',
  unknown_state: 'The MitID login has expired or was already used. Please start again.',
  interaction_mismatch: 'The MitID login does not belong to this login session. Please start again.',
  upstream_error: 'MitID answered with an error.',
  invalid_response: 'MitID answered with an invalid response.',
  unavailable: 'MitID is temporarily unavailable. Please try again later.',
};

export interface UpstreamErrorOptions {
  /** Internal detail for logs: a claim name, an openid-client error code, an upstream OAuth error code. Never a value. */
  detail?: string;
}

export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  readonly code: UpstreamErrorCode;
  /** Internal, PII-free detail (e.g. which claim failed); never shown to the relying party. */
  readonly detail: string | undefined;

  constructor(code: UpstreamErrorCode, message: string, options: UpstreamErrorOptions = {}) {
    super(message);
    this.code = code;
    this.detail = options.detail;
  }

  /** OIDC error code to return to the relying party. */
  get oidcError(): DownstreamOidcError {
    return OIDC_ERROR[this.code];
  }

  /** Safe text for the relying party's error_description and the person's error page. */
  get description(): string {
    return DESCRIPTION[this.code];
  }
}

export function oidcErrorFor(code: UpstreamErrorCode): DownstreamOidcError {
  return OIDC_ERROR[code];
}

export function descriptionFor(code: UpstreamErrorCode): string {
  return DESCRIPTION[code];
}
