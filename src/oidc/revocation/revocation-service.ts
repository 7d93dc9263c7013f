// The SessionTerminator port and the worker every process runs: claims revocation jobs, ends sessions, delivers logout tokens with retries.
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { newRevocationJob, type PendingDelivery, type RevocationJob } from './job.ts';
import type { RevocationQueue } from './queue.ts';
import { afterFailure, delayUntilNextDue, DEFAULT_RETRY_POLICY, isDue, mergeDeliveries, type RetryPolicy } from './retry-policy.ts';
import { mergeFound, type SessionEnder } from './session-ender.ts';
import type { RevocationTarget } from './targets.ts';

export interface RevocationOutcome {
  /** Live sessions (or, with onlyClient, session parts) ended by this run. */
  sessionsEnded: number;
  /** Logout tokens a relying party accepted (HTTP 200/204) in this run. */
  relyingPartiesNotified: number;
  /** Deliveries that failed and are being retried in the background. */
  relyingPartiesRetrying: number;
}

/**
 * The port the administration service calls (it defines the same shape; bootstrap wires this one):
 * every live session of the targets ends, in every process, and their relying parties are told.
 */
export interface SessionTerminator {
  endSessionsFor(targets: RevocationTarget[], jobId?: string): Promise<RevocationOutcome>;
}

/** How a delivery turned out, for metrics: never with the account, sub, sid or token. */
export type DeliveryOutcome = 'delivered' | 'retrying' | 'gave_up';

export interface RevocationServiceOptions {
  queue: RevocationQueue;
  ender: SessionEnder;
  logger: Logger;
  retry?: RetryPolicy;
  /** How long a claimed job is this process's before another may take it over (default 30 s). */
  leaseMs?: number;
  /** How often the worker looks for due jobs, e.g. ones another process stored or left behind (default 1 s). */
  pollMs?: number;
  /** Called once per delivery attempt's outcome (metrics). */
  onDelivery?: (outcome: DeliveryOutcome, clientId: string) => void;
  /** Logout tokens sent at the same time (default 32). */
  deliveryConcurrency?: number;
  /** Called after each run of a job (metrics). */
  onRun?: (outcome: RevocationOutcome) => void;
  /**
   * Moves revocation work stored with administration changes into the queue (src/admin/revocation-relay.ts): run
   * by the worker before its first drain and then every `relayEveryMs` (default 5 s), so work a crashed process
   * stored is picked up by any process that is still running.
   */
  relay?: () => Promise<unknown>;
  relayEveryMs?: number;
}

export class RevocationService implements SessionTerminator {
  readonly #queue: RevocationQueue;
  readonly #ender: SessionEnder;
  readonly #logger: Logger;
  readonly #retry: RetryPolicy;
  readonly #leaseMs: number;
  readonly #pollMs: number;
  readonly #deliveryConcurrency: number;
  readonly #onDelivery: (outcome: DeliveryOutcome, clientId: string) => void;
  readonly #onRun: (outcome: RevocationOutcome) => void;
  readonly #relay: (() => Promise<unknown>) | undefined;
  readonly #relayEveryMs: number;
  #relayedAt = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;
  #draining: Promise<void> | undefined;
  #stopped = true;
  #closing = false;

  constructor(options: RevocationServiceOptions) {
    this.#queue = options.queue;
    this.#ender = options.ender;
    this.#logger = options.logger;
    this.#retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#pollMs = options.pollMs ?? 1_000;
    this.#deliveryConcurrency = options.deliveryConcurrency ?? 32;
    this.#onDelivery = options.onDelivery ?? (() => {});
    this.#onRun = options.onRun ?? (() => {});
    this.#relay = options.relay;
    this.#relayEveryMs = options.relayEveryMs ?? 5_000;
  }

  /**
   * Stores a job for the targets (leased to this process; `jobId` names it, one job per id), then runs it here at
   * once; another process finishes it if this one dies.
   */
  async endSessionsFor(targets: RevocationTarget[], jobId?: string): Promise<RevocationOutcome> {
    const job = newRevocationJob(targets, Date.now(), jobId);
    await this.#queue.enqueue(job, this.#leaseMs);
    return this.runJob(job);
  }

  /** How long a job stored by its caller stays the caller's (revocationEnqueueCommands' leasedForMs). */
  get leaseMs(): number {
    return this.#leaseMs;
  }

  /** Runs a job its caller just stored leased to itself (revocationEnqueueCommands(prefix, job, service.leaseMs)), and returns the counts. */
  runJob(job: RevocationJob): Promise<RevocationOutcome> {
    return this.#run(job);
  }

  /** Starts the worker: polls for due jobs until stop(). Its timer does not keep the process alive. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#closing = false;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#closing = true;
    clearTimeout(this.#timer);
    await this.#draining;
  }

  /** Claims and runs due jobs until none is left; resolves when done (the worker's tick, and tests). */
  async drain(): Promise<number> {
    let ran = 0;
    for (let job = await this.#queue.claim(this.#leaseMs); job; job = await this.#queue.claim(this.#leaseMs)) {
      await this.#run(job);
      ran += 1;
      // Shutting down: leave the rest to the other processes (their leases are not taken).
      if (this.#closing) break;
    }
    return ran;
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#draining = this.#relayWhenDue()
        .then(() => this.drain())
        .catch((error: unknown) => {
          // Storage down: the jobs stay stored and are tried on a later tick.
          this.#logger.warn(
            { err: { name: (error as Error).name, message: (error as Error).message } },
            'revocation worker could not run jobs',
          );
        })
        .then(() => this.#schedule(this.#pollMs));
    }, delayMs);
    this.#timer.unref();
  }

  async #relayWhenDue(): Promise<void> {
    if (!this.#relay || Date.now() - this.#relayedAt < this.#relayEveryMs) return;
    this.#relayedAt = Date.now();
    await this.#relay();
  }

  /**
   * One pass over a claimed job. The logout tokens owed are stored in the job before any session ends: if
   * this process dies after that, the next claimer still knows whom to tell although the sessions are gone.
   */
  async #run(job: RevocationJob): Promise<RevocationOutcome> {
    const now = Date.now();
    let sessionsEnded = 0;
    const found = mergeFound(await Promise.all(job.targets.map((target) => this.#ender.find(target))));
    const owed = await this.#ender.deliveriesFor(found, now);
    const withOwed: RevocationJob = { ...job, deliveries: mergeDeliveries(job.deliveries, owed) };
    await this.#queue.save(withOwed, this.#leaseMs);
    // Many slow relying parties can take longer than one lease: renew it while working, so no other process
    // takes the job over (and sends the tokens again) while this one is still at it.
    const release = this.#keepLease(withOwed);
    let remaining: PendingDelivery[];
    let delivered: number;
    try {
      sessionsEnded = await this.#ender.end(found);
      ({ remaining, delivered } = await this.#deliverDue(withOwed.deliveries));
    } finally {
      await release();
    }
    if (remaining.length === 0) await this.#queue.complete(job.id);
    else await this.#queue.save({ ...withOwed, deliveries: remaining }, delayUntilNextDue(remaining, Date.now()));
    const outcome = { sessionsEnded, relyingPartiesNotified: delivered, relyingPartiesRetrying: remaining.length };
    this.#logger.info({ jobId: job.id, ...outcome }, 'revocation job ran');
    this.#onRun(outcome);
    return outcome;
  }

  /** Renews the job's lease every third of it until the returned function is called (and has waited for the last renewal). */
  #keepLease(job: RevocationJob): () => Promise<void> {
    let renewing: Promise<void> = Promise.resolve();
    const timer = setInterval(
      () => {
        renewing = this.#queue.save(job, this.#leaseMs).catch((error: unknown) => {
          this.#logger.warn(
            { err: { name: (error as Error).name, message: (error as Error).message } },
            'revocation job lease not renewed',
          );
        });
      },
      Math.max(10, Math.floor(this.#leaseMs / 3)),
    );
    timer.unref();
    return async () => {
      clearInterval(timer);
      await renewing;
    };
  }

  /**
   * Tries the due deliveries, at most `deliveryConcurrency` at a time (a user with a thousand sessions must not
   * open thousands of connections at once); failures are rescheduled with backoff or, past the window, given up.
   */
  async #deliverDue(deliveries: PendingDelivery[]): Promise<{ remaining: PendingDelivery[]; delivered: number }> {
    const now = Date.now();
    let delivered = 0;
    const outcomes: (PendingDelivery | undefined)[] = deliveries.map((delivery) => delivery);
    const due = deliveries.flatMap((delivery, index) => (isDue(delivery, now) ? [index] : []));
    const attempt = async (index: number): Promise<void> => {
      const delivery = deliveries[index]!;
      try {
        if (await this.#ender.deliver(delivery)) {
          delivered += 1;
          this.#onDelivery('delivered', delivery.clientId);
          this.#logger.info({ clientId: delivery.clientId }, 'back-channel logout delivered after revocation');
        }
        outcomes[index] = undefined;
      } catch (error) {
        const next = afterFailure(delivery, Date.now(), this.#retry);
        const outcome: DeliveryOutcome = next === 'give-up' ? 'gave_up' : 'retrying';
        this.#onDelivery(outcome, delivery.clientId);
        const level = outcome === 'gave_up' ? 'error' : 'warn';
        this.#logger[level](
          {
            clientId: delivery.clientId,
            attempts: delivery.attempts + 1,
            err: { name: (error as Error).name, message: (error as Error).message },
          },
          outcome === 'gave_up'
            ? 'back-channel logout after revocation given up'
            : 'back-channel logout after revocation failed; will retry',
        );
        outcomes[index] = next === 'give-up' ? undefined : next;
      }
    };
    const limit = pLimit(this.#deliveryConcurrency);
    await Promise.all(due.map((index) => limit(() => attempt(index))));
    return { remaining: outcomes.filter((delivery): delivery is PendingDelivery => delivery !== undefined), delivered };
  }
}
