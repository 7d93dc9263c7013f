// Structured logging (pino) with redaction: CPR numbers, tokens, codes and secrets never reach a log line.
import { pino, type DestinationStream, type Logger } from 'pino';
import { currentRequestId } from './request-context.ts';

export type { Logger } from 'pino';

/** Field names whose values are never logged, wherever they appear. */
const REDACTED_KEYS = [
  'cpr', 'dk.cpr', 'personCpr', 'password', 'pin', 'code', 'secret', 'client_secret', 'token', 'access_token',
  'refresh_token', 'id_token', 'authorization', 'cookie', 'set-cookie', 'code_verifier', 'nonce', 'state',
];

const CENSORED = '[redacted]';

/**
 * A reason or error code: one case, letters and underscores (`unknown_state`, `invalid_grant`, `ECONNREFUSED`).
 * An OAuth authorization code or a one-time code never looks like that (mixed case, digits, `-`).
 */
const REASON_CODE = /^(?:[a-z]+(?:_[a-z]+)*|[A-Z]+(?:_[A-Z]+)*)$/;

/**
 * Everything under a redacted key is hidden, except a `code` that is one of our own reason codes: the key
 * `code` carries both OAuth codes (secret) and refusal reasons (what an operator needs to read).
 */
export function censorValue(value: unknown, path: string[]): unknown {
  if (path[path.length - 1] === 'code' && typeof value === 'string' && value.length <= 64 && REASON_CODE.test(value)) return value;
  return CENSORED;
}

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
        censor: censorValue,
      },
    },
    options.destination ?? pino.destination(1),
  );
}

/** A logger that writes nothing, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
