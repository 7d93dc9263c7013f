// The CLI's one error type: a message for the operator and the process exit code.
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    /** 1: refused or failed; 2: bad input; 78: bad configuration (EX_CONFIG). */
    readonly exitCode: 1 | 2 | 78 = 1,
  ) {
    super(message);
  }
}
