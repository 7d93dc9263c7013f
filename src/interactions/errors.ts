// Journey errors with stable codes, and the page every unexpected failure becomes (no stack, no PII).
import type { Context } from 'koa';
import { errors as oidcErrors } from 'oidc-provider';
import type { Logger } from 'pino';
import { pickLang, translator, type MessageKey } from '../http/i18n.ts';
import { sendPage } from '../http/views.ts';

export type JourneyErrorCode = 'expired' | 'forged' | 'bad_request' | 'unavailable';

const MESSAGES: Record<JourneyErrorCode, { status: number; key: MessageKey }> = {
  expired: { status: 400, key: 'error.expired' },
  forged: { status: 400, key: 'error.forged' },
  bad_request: { status: 400, key: 'error.generic' },
  unavailable: { status: 503, key: 'error.unavailable' },
};

export class JourneyError extends Error {
  override name = 'JourneyError';
  constructor(
    public readonly code: JourneyErrorCode,
    detail?: string,
  ) {
    super(detail ?? code);
  }
}

/** Storage outages (Redis down) must fail closed with 503, never as a half-finished login. */
export function isStorageOutage(error: unknown): boolean {
  const name = (error as Error | undefined)?.name ?? '';
  const message = (error as Error | undefined)?.message ?? '';
  return /Redis|MaxRetriesPerRequest|ClusterAllFailed/i.test(name) ||
    /Connection is closed|Stream isn't writeable|enableOfflineQueue|ECONNREFUSED|Command timed out|All nodes failed/i.test(message);
}

function classify(error: unknown): JourneyErrorCode | undefined {
  if (error instanceof JourneyError) return error.code;
  if (error instanceof oidcErrors.SessionNotFound) return 'expired';
  if (isStorageOutage(error)) return 'unavailable';
  return undefined;
}

/** Error boundary for the browser journey: an HTML page in the person's language. */
export function journeyErrorHandler(logger: Logger) {
  return async (ctx: Context, next: () => Promise<unknown>) => {
    try {
      await next();
    } catch (error) {
      const code = classify(error);
      if (code === undefined) logger.error({ err: { name: (error as Error).name, message: (error as Error).message } }, 'journey failed');
      else logger.info({ code, path: ctx.path }, 'journey refused');
      const lang = pickLang(ctx.query['ui_locales'] as string | undefined, ctx.get('accept-language'));
      const t = translator(lang);
      const { status, key } = MESSAGES[code ?? 'bad_request'];
      await sendPage(ctx, 'error', {
        lang,
        title: t('error.title'),
        status: code === undefined ? 500 : status,
        data: { heading: t('error.title'), message: code === undefined ? t('error.generic') : t(key) },
      });
    }
  };
}
