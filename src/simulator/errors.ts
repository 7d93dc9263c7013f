// The simulator's one error type: a stable code, the HTTP status of the error page, and no details for the client.

export type SimulatorErrorCode =
  | 'interaction_expired'
  | 'interaction_mismatch'
  | 'invalid_form'
  | 'wrong_step'
  | 'means_not_available'
  | 'means_blocked'
  | 'means_locked'
  | 'level_too_low'
  | 'not_found'
  | 'internal';

const STATUS: Record<SimulatorErrorCode, number> = {
  interaction_expired: 410,
  interaction_mismatch: 400,
  invalid_form: 400,
  wrong_step: 409,
  means_not_available: 400,
  means_blocked: 403,
  means_locked: 423,
  level_too_low: 403,
  not_found: 404,
  internal: 500,
};

export class SimulatorError extends Error {
  readonly status: number;

  constructor(readonly code: SimulatorErrorCode, detail?: string) {
    // The detail is for logs only; pages show the catalogue text for the code.
    super(detail ?? code);
    this.name = 'SimulatorError';
    this.status = STATUS[code];
  }
}
