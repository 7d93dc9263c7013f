// AdminError: the administration's stable error codes, each with its HTTP status, rendered as RFC 9457 problem+json.

export const ADMIN_ERRORS = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid_input: 400,
  cpr_xor_birthdate: 400,
  invalid_transition: 409,
  last_organisation_administrator: 409,
  means_not_allowed: 409,
  sharing_not_allowed: 409,
  already_exists: 409,
  unknown_right: 409,
  organisation_not_connected: 409,
  idempotency_key_reused: 409,
  precondition_failed: 412,
  import_refused: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
} as const;

export type AdminErrorCode = keyof typeof ADMIN_ERRORS;

export class AdminError extends Error {
  readonly status: number;
  constructor(
    readonly code: AdminErrorCode,
    message: string,
    /** The input field at fault (bad input), as a JSON pointer-like dotted path. */
    readonly field?: string,
    /** Codes-only detail for the client (an import's dry-run report); never values from the input. */
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AdminError';
    this.status = ADMIN_ERRORS[code];
  }
}

export function isAdminError(error: unknown): error is AdminError {
  return error instanceof AdminError;
}

/** The problem+json body; never more than the code, a fixed title and the field (no values, no stack). */
export function problemOf(error: AdminError): Record<string, unknown> {
  const body: Record<string, unknown> = {
    type: `urn:kontekst:admin:error:${error.code}`,
    title: error.message,
    status: error.status,
    code: error.code,
  };
  if (error.field !== undefined) body.field = error.field;
  return error.detail ? { ...error.detail, ...body } : body;
}
