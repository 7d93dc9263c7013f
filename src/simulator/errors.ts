// The simulator's one error type (a stable code, the HTTP status of its page, no details for the client) and the boundary that renders it.
import type { Context, Middleware } from 'koa';
import type { Logger } from '../observability/logger.ts';
import { isStoreOutage } from '../store/errors.ts';
import { localeFrom, messagesFor, type Locale } from './messages.ts';
import type { PageRenderer } from './render.ts';

export type SimulatorErrorCode =
  | 'interaction_expired'
  | 'interaction_mismatch'
  | 'invalid_form'
  | 'form_too_large'
  | 'wrong_step'
  | 'means_not_available'
  | 'means_blocked'
  | 'means_locked'
  | 'level_too_low'
  | 'too_many_attempts'
  | 'not_found'
  | 'unavailable'
  | 'internal';

const STATUS: Record<SimulatorErrorCode, number> = {
  interaction_expired: 410,
  interaction_mismatch: 400,
  invalid_form: 400,
  form_too_large: 413,
  wrong_step: 409,
  means_not_available: 400,
  means_blocked: 403,
  means_locked: 423,
  level_too_low: 403,
  too_many_attempts: 429,
  not_found: 404,
  unavailable: 503,
  internal: 500,
};

export class SimulatorError extends Error {
  readonly status: number;

  constructor(
    readonly code: SimulatorErrorCode,
    detail?: string,
    /** Seconds a client should wait before trying again (429, 503). */
    readonly retryAfterSeconds?: number,
  ) {
    // The detail is for logs only; pages show the catalogue text for the code.
    super(detail ?? code);
    this.name = 'SimulatorError';
    this.status = STATUS[code];
  }
}

/** What the boundary needs to know of the interaction a failed page belonged to (set by the step loader). */
export interface PageStep {
  uid: string;
  locale: Locale;
  csrf: string;
}

/** Anything thrown on a simulator page as a SimulatorError: too large bodies, storage outages, and the rest as internal. */
function asSimulatorError(error: unknown): SimulatorError {
  if (error instanceof SimulatorError) return error;
  const status = (error as { status?: unknown } | undefined)?.status;
  if (status === 413) return new SimulatorError('form_too_large', 'form body over the limit');
  if (isStoreOutage(error)) return new SimulatorError('unavailable', 'storage unavailable', 5);
  // The body parser's own refusals (malformed body, unsupported charset) are the client's doing.
  if (typeof status === 'number' && status >= 400 && status < 500) return new SimulatorError('invalid_form', 'unparseable form body');
  return new SimulatorError('internal');
}

/** One error boundary for every page: the catalogue text and a proper status, never a stack trace. */
export function simulatorErrorBoundary(deps: { renderer: PageRenderer; logger: Logger; pageUrl: (uid: string) => string }): Middleware {
  const { renderer, logger, pageUrl } = deps;
  return async (ctx: Context, next) => {
    try {
      await next();
    } catch (err) {
      const error = asSimulatorError(err);
      if (error.code === 'internal') logger.error({ err }, 'mitid simulator: page failed');
      else logger.info({ reason: error.code, detail: error.message }, 'mitid simulator: refused');
      const current = ctx.state.step as PageStep | undefined;
      const locale = current?.locale ?? localeFrom(ctx.get('accept-language'));
      const interactionLive = current !== undefined && error.code !== 'interaction_mismatch';
      if (error.retryAfterSeconds !== undefined) ctx.set('Retry-After', String(error.retryAfterSeconds));
      await renderer.render(
        ctx,
        'error',
        locale,
        {
          code: error.code,
          message: messagesFor(locale).errors[error.code],
          oauthError: undefined,
          oauthDescription: undefined,
          backHref: interactionLive ? pageUrl(current.uid) : undefined,
          uid: interactionLive ? current.uid : undefined,
          csrf: interactionLive ? current.csrf : undefined,
        },
        error.status,
      );
    }
  };
}
