// Journey errors with stable codes, and the page every unexpected failure becomes (no stack, no PII).
import type { Context } from 'koa';
import { errors as oidcErrors } from 'oidc-provider';
import type { Logger } from 'pino';
import { requestLang, translator, type MessageKey } from '../http/i18n.ts';
import { sendPage } from '../http/views.ts';
import { isStoreOutage } from '../store/errors.ts';

/**
 * The error_description Kontekst sends with access_denied when the person ended the login themselves: fixed
 * texts, so a relying party (the demo RP) can tell "you cancelled" from "Kontekst refused".
 */
export const PERSON_CANCELLED_DESCRIPTION = 'The user cancelled the login';
export const CONSENT_DENIED_DESCRIPTION = 'The user denied consent';

export type JourneyErrorCode = 'expired' | 'forged' | 'bad_request' | 'too_large' | 'too_many' | 'unavailable';

const MESSAGES: Record<JourneyErrorCode, { status: number; key: MessageKey }> = {
  expired: { status: 400, key: 'error.expired' },
  forged: { status: 400, key: 'error.forged' },
  bad_request: { status: 400, key: 'error.generic' },
  too_large: { status: 413, key: 'error.tooLarge' },
  too_many: { status: 429, key: 'error.tooMany' },
  unavailable: { status: 503, key: 'error.unavailable' },
};

export class JourneyError extends Error {
  override name = 'JourneyError';
  constructor(
    public readonly code: JourneyErrorCode,
    detail?: string,
    /** Seconds before trying again makes sense (429). */
    public readonly retryAfterSeconds?: number,
  ) {
    super(detail ?? code);
  }
}

/** A query parameter given twice arrives as an array: refused before any handler reads it as a string. */
export function refuseRepeatedQuery(ctx: Context): void {
  const repeated = Object.keys(ctx.query).filter((name) => Array.isArray(ctx.query[name]));
  if (repeated.length) throw new JourneyError('bad_request', `repeated query parameter: ${repeated.join(',').slice(0, 100)}`);
}

/**
 * Storage outages (Redis down, restarting, hung) must fail closed with 503, never as a half-finished login.
 * Recognised by type alone: every storage path wraps its failures (StoreUnavailableError from the key-value
 * store and directory, the adapters' temporarily_unavailable for the provider); test/journey/storage-outage.test.ts
 * proves it for every method, so a raw ioredis error here is a bug to fix there, not a message to match.
 */
export function isStorageOutage(error: unknown): boolean {
  return isStoreOutage(error) || error instanceof oidcErrors.TemporarilyUnavailable;
}

/** What a failure in the journey means for the person: a known code, or undefined for a bug (500, logged). */
export function classifyJourneyError(error: unknown): JourneyErrorCode | undefined {
  if (error instanceof JourneyError) return error.code;
  // Before SessionNotFound: an interaction that could not be read because Redis is down has not expired.
  if (isStorageOutage(error)) return 'unavailable';
  // Before the 4xx rule below: oidc-provider's errors are exposed 400s too, and a gone interaction has expired.
  if (error instanceof oidcErrors.SessionNotFound) return 'expired';
  // The form body parser's refusals: over the size limit, or a body it cannot read.
  const status = (error as { status?: unknown; expose?: unknown } | undefined)?.status;
  if (status === 413) return 'too_large';
  if (typeof status === 'number' && status >= 400 && status < 500 && (error as { expose?: unknown }).expose === true) return 'bad_request';
  return undefined;
}

/** Error boundary for the browser journey: an HTML page in the person's language. */
export function journeyErrorHandler(logger: Logger) {
  return async (ctx: Context, next: () => Promise<unknown>) => {
    try {
      await next();
    } catch (error) {
      const code = classifyJourneyError(error);
      if (code === undefined) logger.error({ err: { name: (error as Error).name, message: (error as Error).message, stack: (error as Error).stack } }, 'journey failed');
      else logger.info({ reason: code, path: ctx.path }, 'journey refused');
      // The boundary must not fail itself: a repeated ui_locales is an array, which requestLang ignores.
      const lang = requestLang(ctx, ctx.query['ui_locales']);
      const t = translator(lang);
      const { status, key } = MESSAGES[code ?? 'bad_request'];
      // Tells clients and load balancers that retrying shortly is the right answer to an outage.
      if (code === 'unavailable') ctx.set('Retry-After', '5');
      if (error instanceof JourneyError && error.retryAfterSeconds !== undefined) ctx.set('Retry-After', String(error.retryAfterSeconds));
      await sendPage(ctx, 'error', {
        lang,
        title: t('error.title'),
        status: code === undefined ? 500 : status,
        data: { heading: t('error.title'), message: code === undefined ? t('error.generic') : t(key) },
      });
    }
  };
}
