// In-memory outbox queue (tests and single-process development): the same lease rules as the Redis one.
import { randomUUID } from 'node:crypto';
import { parseOutboxMessage, type OutboxMessage } from './message.ts';
import type { ClaimedMessage, FailureOutcome, OutboxQueue } from './source.ts';

interface Entry {
  message: OutboxMessage;
  dueAt: number;
  attempts: number;
  lease?: string;
}

export class MemoryOutboxQueue implements OutboxQueue {
  readonly #pending = new Map<string, Entry>();
  readonly #dead: OutboxMessage[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  async enqueue(message: OutboxMessage): Promise<void> {
    const valid = parseOutboxMessage(message);
    // Writing the same message twice (a retried command) keeps one copy.
    if (!this.#pending.has(valid.id)) this.#pending.set(valid.id, { message: valid, dueAt: this.now(), attempts: 0 });
  }

  async claim({ limit, leaseMs }: { limit: number; leaseMs: number }): Promise<ClaimedMessage[]> {
    const now = this.now();
    const due = [...this.#pending.values()]
      .filter((entry) => entry.dueAt <= now)
      .sort((a, b) => a.dueAt - b.dueAt)
      .slice(0, limit);
    return due.map((entry) => {
      entry.attempts += 1;
      entry.lease = randomUUID();
      entry.dueAt = now + leaseMs;
      return { message: entry.message, attempt: entry.attempts, lease: entry.lease };
    });
  }

  async markDelivered(claim: ClaimedMessage): Promise<boolean> {
    const entry = this.#held(claim);
    if (!entry) return false;
    this.#pending.delete(claim.message.id);
    return true;
  }

  async markFailed(claim: ClaimedMessage, outcome: FailureOutcome): Promise<boolean> {
    const entry = this.#held(claim);
    if (!entry) return false;
    if ('giveUp' in outcome) {
      this.#pending.delete(claim.message.id);
      this.#dead.push(entry.message);
    } else {
      entry.lease = undefined;
      entry.dueAt = this.now() + outcome.retryInMs;
      if (outcome.notAttempted) entry.attempts -= 1;
    }
    return true;
  }

  async dead(): Promise<OutboxMessage[]> {
    return [...this.#dead];
  }

  #held(claim: ClaimedMessage): Entry | undefined {
    const entry = this.#pending.get(claim.message.id);
    return entry && entry.lease === claim.lease ? entry : undefined;
  }
}
