// Times each call to the MitID broker and reports its outcome (for metrics), classifying failures once.
import { classifyUpstreamFailure } from './classify-error.ts';

export type UpstreamCall = 'discovery' | 'token' | 'userinfo';

/** Told about every call to the broker: how long it took and "ok" or the UpstreamError code. */
export type UpstreamObserver = (operation: UpstreamCall, seconds: number, outcome: string) => void;

/** Runs one call to the broker; a failure is classified into an UpstreamError, reported, and rethrown. */
export async function observedCall<T>(observe: UpstreamObserver | undefined, operation: UpstreamCall, call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const result = await call();
    observe?.(operation, (performance.now() - started) / 1000, 'ok');
    return result;
  } catch (error) {
    const classified = classifyUpstreamFailure(error, operation);
    observe?.(operation, (performance.now() - started) / 1000, classified.code);
    throw classified;
  }
}
