// The delivery worker: claim due messages with a lease → render → send → mark delivered, or retry with backoff.
import type { Logger } from '../observability/logger.ts';
import { DEFAULT_RETRY_POLICY, retryAfterFailure, type RetryPolicy } from './backoff.ts';
import { renderOutboxMessage } from './render.ts';
import type { ClaimedMessage, OutboxSource } from './source.ts';
import { dispatch, NoTransportError, type OutboxTransports } from './transport.ts';

export interface DeliveryWorkerOptions {
  source: OutboxSource;
  transports: OutboxTransports;
  logger: Logger;
  /** How long a claim is this worker's; longer than a send may take (a slow SMTP server), or a message goes out twice. */
  leaseMs?: number;
  /** Messages claimed per round. */
  batchSize?: number;
  /** Pause between rounds that found nothing to do. */
  pollIntervalMs?: number;
  retry?: RetryPolicy;
}

export interface DeliveryRound {
  delivered: number;
  retried: number;
  gaveUp: number;
  /** Claims that were taken over by another worker before this one could mark them. */
  lostLeases: number;
}

export class DeliveryWorker {
  readonly #options: Required<Omit<DeliveryWorkerOptions, 'logger'>> & { logger: Logger };
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(options: DeliveryWorkerOptions) {
    this.#options = { leaseMs: 60_000, batchSize: 20, pollIntervalMs: 1_000, retry: DEFAULT_RETRY_POLICY, ...options };
  }

  /** One claim → send → mark round; what the polling loop repeats, and what tests call directly. */
  async runOnce(): Promise<DeliveryRound> {
    const { source, leaseMs, batchSize } = this.#options;
    const round: DeliveryRound = { delivered: 0, retried: 0, gaveUp: 0, lostLeases: 0 };
    const claims = await source.claim({ limit: batchSize, leaseMs });
    // One at a time: a batch is small, and a struggling mail server is not helped by parallel connections.
    for (const claim of claims) await this.#deliver(claim, round);
    return round;
  }

  async #deliver(claim: ClaimedMessage, round: DeliveryRound): Promise<void> {
    const { source, transports, logger, retry } = this.#options;
    // Logged by id and kind only: recipients, links and codes never reach a log line.
    const about = { outboxMessage: claim.message.id, kind: claim.message.kind, attempt: claim.attempt };
    try {
      await dispatch(transports, renderOutboxMessage(claim.message));
    } catch (error) {
      // A channel without a transport was not tried: look again later, without counting towards giving up.
      const outcome = error instanceof NoTransportError ? { retryInMs: retry.maxDelayMs } : retryAfterFailure(claim.attempt, retry);
      const marked = await source.markFailed(claim, outcome);
      if (!marked) round.lostLeases += 1;
      else if ('giveUp' in outcome) round.gaveUp += 1;
      else round.retried += 1;
      logger.warn({ ...about, err: { name: (error as Error).name, code: (error as { code?: string }).code }, ...outcome }, 'outbox: send failed');
      return;
    }
    if (await source.markDelivered(claim)) {
      round.delivered += 1;
      logger.info(about, 'outbox: delivered');
    } else {
      round.lostLeases += 1;
      logger.warn(about, 'outbox: delivered after the lease ran out; another worker may send it again');
    }
  }

  /** Polls until stop(); a failing round (storage down) is logged and the loop keeps going. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = (async () => {
      while (this.#running) {
        let busy = false;
        try {
          const round = await this.runOnce();
          busy = round.delivered + round.retried + round.gaveUp + round.lostLeases > 0;
        } catch (error) {
          this.#options.logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, 'outbox: delivery round failed');
        }
        if (!busy && this.#running) await this.#sleep(this.#options.pollIntervalMs);
      }
    })();
  }

  /** Ends the loop after the current round; what is claimed but unsent is taken again by any worker after its lease. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake?.();
    await this.#loop;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
