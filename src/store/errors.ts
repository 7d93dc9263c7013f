// The one error storage raises when Redis cannot answer: callers map it to a 503 page or JSON, never a crash.

/** Redis is down, restarting, hung or refused the command; the request must fail closed. */
export class StoreUnavailableError extends Error {
  readonly code = 'store_unavailable';

  constructor(cause: unknown) {
    super('storage is temporarily unavailable', { cause });
    this.name = 'StoreUnavailableError';
  }
}

export function isStoreUnavailable(error: unknown): error is StoreUnavailableError {
  return error instanceof StoreUnavailableError;
}

/** Runs a storage call and turns any failure of it into StoreUnavailableError (the cause keeps the detail for logs). */
export async function unavailableOnFailure<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError(error);
  }
}

/**
 * An outage however it was wrapped: StoreUnavailableError, or the OIDC temporarily_unavailable the adapters
 * raise for the provider (it carries the same code).
 */
export function isStoreOutage(error: unknown): boolean {
  return isStoreUnavailable(error) || (error as { code?: unknown } | undefined)?.code === 'store_unavailable';
}
