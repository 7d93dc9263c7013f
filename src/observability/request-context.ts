// The request ID of the request being handled, carried through async calls so every log line can name it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';

export const REQUEST_ID_HEADER = 'X-Request-Id';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * A caller's X-Request-Id is kept when it is a plain token (letters, digits, . _ : -, at most 128 characters):
 * it lands in log lines and a response header, so anything else (spaces, control characters, a pasted
 * document) is replaced by an ID of our own rather than trusted.
 */
export function acceptedRequestId(header: string | undefined): string | undefined {
  return header !== undefined && /^[A-Za-z0-9._:-]{1,128}$/.test(header) ? header : undefined;
}

/** The current request's ID, or undefined outside a request. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** First middleware: picks the request ID, returns it in the response, and scopes it to the request's work. */
export function requestIdMiddleware(): Middleware {
  return async (ctx, next) => {
    const requestId = acceptedRequestId(ctx.get(REQUEST_ID_HEADER) || undefined) ?? randomUUID();
    ctx.set(REQUEST_ID_HEADER, requestId);
    await storage.run({ requestId }, next);
  };
}
