// The durable list of revocation jobs: enqueue, claim with a lease, save progress, complete.
import type { RevocationJob } from './job.ts';

/**
 * A job is due from the moment it is stored. Claiming it makes it due again `leaseMs` later: if the claiming
 * process dies, another process claims it then. Saving progress sets when it is due next (a retry's backoff).
 * Processing is at least once: a job whose lease ran out while still being worked on may run twice, which
 * ending sessions tolerates; a relying party may then receive a second logout token (each has its own jti).
 */
export interface RevocationQueue {
  /**
   * Stores a new job: due at once, or after `leasedForMs` when the caller runs it itself right away (runJob).
   * A job already stored under the same id is kept as it is (its progress, its due time).
   */
  enqueue(job: RevocationJob, leasedForMs?: number): Promise<void>;
  /** The oldest due job (or `jobId` if it is due), leased to the caller for `leaseMs`; undefined when none. */
  claim(leaseMs: number, jobId?: string): Promise<RevocationJob | undefined>;
  /** Stores the job's progress; it is due again after `dueInMs`. */
  save(job: RevocationJob, dueInMs: number): Promise<void>;
  complete(jobId: string): Promise<void>;
  /** Jobs not yet completed (for readiness, tests and the bench). */
  size(): Promise<number>;
}
