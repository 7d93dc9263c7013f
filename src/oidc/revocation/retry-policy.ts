// When a back-channel logout delivery is due again after a failure, and when Kontekst stops trying (pure).
import type { PendingDelivery } from './job.ts';

export interface RetryPolicy {
  /** Delay after the first failure; doubled after each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** After this long since the first attempt, a failing relying party is given up on. */
  giveUpAfterMs: number;
}

/** 1 s, 2 s, 4 s … at most 5 min apart, for at most 1 h. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 5 * 60_000, giveUpAfterMs: 60 * 60_000 };

/** The delivery to try again later, or 'give-up' when its next attempt would fall outside the retry window. */
export function afterFailure(delivery: PendingDelivery, now: number, policy: RetryPolicy): PendingDelivery | 'give-up' {
  const attempts = delivery.attempts + 1;
  const firstAttemptAt = delivery.firstAttemptAt ?? now;
  const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempts - 1));
  const nextAttemptAt = now + delay;
  if (nextAttemptAt - firstAttemptAt > policy.giveUpAfterMs) return 'give-up';
  return { ...delivery, attempts, firstAttemptAt, nextAttemptAt };
}

function deliveryKey(delivery: Pick<PendingDelivery, 'clientId' | 'sid'>): string {
  return `${delivery.clientId}\n${delivery.sid}`;
}

/** Adds newly found deliveries to the pending ones; one per client and session, whatever was found twice. */
export function mergeDeliveries(pending: PendingDelivery[], found: PendingDelivery[]): PendingDelivery[] {
  const merged = new Map(pending.map((delivery) => [deliveryKey(delivery), delivery]));
  for (const delivery of found) if (!merged.has(deliveryKey(delivery))) merged.set(deliveryKey(delivery), delivery);
  return [...merged.values()];
}

export function isDue(delivery: PendingDelivery, now: number): boolean {
  return delivery.nextAttemptAt <= now;
}

/** Milliseconds until the earliest pending delivery is due (0 when one is due now). */
export function delayUntilNextDue(deliveries: PendingDelivery[], now: number): number {
  const next = Math.min(...deliveries.map((delivery) => delivery.nextAttemptAt));
  return Math.max(0, next - now);
}
