// Structured logging (pino) with redaction: CPR numbers, tokens, codes and secrets never reach a log line.
import { pino, type DestinationStream, type Logger } from 'pino';
import { currentRequestId } from './request-context.ts';

export type { Logger } from 'pino';

/** Field names whose values are never logged, wherever they appear. */
const REDACTED_KEYS = [
  'cpr', 'dk.cpr', 'personCpr', 'password', 'pin', 'code', 'secret', 'client_secret', 'token', 'access_token',
  'refresh_token', 'id_token', 'authorization', 'cookie', 'set-cookie', 'code_verifier', 'nonce', 'state',
];

export function createLogger(options: { level: string; name?: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      name: options.name ?? 'kontekst',
      level: options.level,
      // Every line logged while a request is handled names it (X-Request-Id), whichever part logs it.
      mixin: () => {
        const requestId = currentRequestId();
        return requestId === undefined ? {} : { requestId };
      },
      redact: {
        paths: [
          ...REDACTED_KEYS.map((key) => `*["${key}"]`),
          ...REDACTED_KEYS.map((key) => `["${key}"]`),
          'req.headers.authorization',
          'req.headers.cookie',
        ],
        censor: '[redacted]',
      },
    },
    options.destination ?? pino.destination(1),
  );
}

/** A logger that writes nothing, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
