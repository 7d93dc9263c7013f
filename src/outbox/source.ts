// The OutboxSource port: where the delivery worker takes pending messages from (claim with a lease, then mark).
import type { OutboxMessage } from './message.ts';

/** A message leased to one worker until its lease runs out; then it is due again for anyone. */
export interface ClaimedMessage {
  message: OutboxMessage;
  /** 1 for the first try, counting every claim (a claim whose worker died counts too). */
  attempt: number;
  /** Proves the claim is still this worker's when it marks the message. */
  lease: string;
}

/** `notAttempted`: nothing was sent (no transport for the channel), so this claim does not count as an attempt. */
export type FailureOutcome = { retryInMs: number; notAttempted?: boolean } | { giveUp: true };

export interface OutboxSource {
  /**
   * Claims up to `limit` messages that are due, each leased until now + leaseMs. A worker that dies
   * never marks its claims, so they are due again when the lease runs out: no message is lost.
   */
  claim(options: { limit: number; leaseMs: number }): Promise<ClaimedMessage[]>;
  /** Removes a sent message. False when the lease was lost meanwhile (another worker holds the message now). */
  markDelivered(claim: ClaimedMessage): Promise<boolean>;
  /** A failed send: due again after retryInMs, or parked as dead (kept for an operator) when giving up. */
  markFailed(claim: ClaimedMessage, outcome: FailureOutcome): Promise<boolean>;
}

/** The writer's side of the memory and Redis sources (the directory writes its own messages in its atomic step). */
export interface OutboxQueue extends OutboxSource {
  enqueue(message: OutboxMessage): Promise<void>;
  /** Messages given up on, oldest first. */
  dead(): Promise<OutboxMessage[]>;
}
