// Builds the outbox parts configuration asks for: transports, the delivery worker over a source, the dev viewer.
import type Router from '@koa/router';
import type { OutboxConfig } from '../config/index.ts';
import type { Logger } from '../observability/logger.ts';
import { DEFAULT_RETRY_POLICY } from './backoff.ts';
import { createDevOutboxRouter } from './dev-viewer.ts';
import { FileOutbox } from './file-outbox.ts';
import { SmtpEmailTransport } from './smtp-transport.ts';
import type { OutboxSource } from './source.ts';
import { noEmailTransport, noSmsTransport, type EmailTransport, type SmsTransport } from './transport.ts';
import { DeliveryWorker } from './worker.ts';

export { parseOutboxMessage, type OutboxMessage, type OutboxMessageKind } from './message.ts';
export type { ClaimedMessage, OutboxSource, OutboxQueue } from './source.ts';
export type { EmailTransport, OutboxTransports, SmsTransport } from './transport.ts';
export { DeliveryWorker } from './worker.ts';

export interface Outbox {
  transports: { email: EmailTransport; sms: SmsTransport };
  /** Development only: /dev/outbox, when the file outbox is in use. */
  devRouters: Router[];
  /** A worker delivering from `source` with the configured lease, polling and retries (not started). */
  worker(source: OutboxSource, logger: Logger): DeliveryWorker;
  close(): void;
}

export function createOutbox(config: OutboxConfig, options: { production: boolean }): Outbox {
  const file = new FileOutbox(config.dir);
  const smtp = config.email.transport === 'smtp' ? new SmtpEmailTransport({ url: config.email.url, from: config.email.from }) : undefined;
  const email: EmailTransport = smtp ?? (config.email.transport === 'file' ? file : noEmailTransport);
  const sms: SmsTransport = config.sms.transport === 'file' ? file : noSmsTransport;
  const usesFile = config.email.transport === 'file' || config.sms.transport === 'file';
  const transports = { email, sms };
  return {
    transports,
    // Configuration already refuses the file outbox in production; the viewer checks again, as it shows codes and links.
    devRouters: usesFile && !options.production ? [createDevOutboxRouter(file)] : [],
    worker: (source, logger) =>
      new DeliveryWorker({
        source,
        transports,
        logger,
        leaseMs: config.leaseMs,
        pollIntervalMs: config.pollIntervalMs,
        retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: config.maxAttempts },
      }),
    close: () => smtp?.close(),
  };
}
