// Revocation jobs for the embedded single-process default: same contract as the Redis queue, held in memory.
import { parseJob, serializeJob, type RevocationJob } from './job.ts';
import type { RevocationQueue } from './queue.ts';

export class MemoryRevocationQueue implements RevocationQueue {
  /** id → stored JSON (copies in and out, as Redis would) and due time (epoch ms). */
  readonly #jobs = new Map<string, { json: string; dueAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async enqueue(job: RevocationJob, leasedForMs = 0): Promise<void> {
    if (this.#jobs.has(job.id)) return;
    this.#jobs.set(job.id, { json: serializeJob(job), dueAt: leasedForMs > 0 ? this.now() + leasedForMs : 0 });
  }

  async claim(leaseMs: number, jobId?: string): Promise<RevocationJob | undefined> {
    const now = this.now();
    const candidates = jobId === undefined ? [...this.#jobs.entries()] : [[jobId, this.#jobs.get(jobId)] as const];
    let oldest: [string, { json: string; dueAt: number }] | undefined;
    for (const [id, entry] of candidates) {
      if (entry && entry.dueAt <= now && (!oldest || entry.dueAt < oldest[1].dueAt)) oldest = [id, entry];
    }
    if (!oldest) return undefined;
    const [id, entry] = oldest;
    entry.dueAt = now + leaseMs;
    const job = parseJob(entry.json);
    if (!job) this.#jobs.delete(id);
    return job;
  }

  async save(job: RevocationJob, dueInMs: number): Promise<void> {
    this.#jobs.set(job.id, { json: serializeJob(job), dueAt: this.now() + dueInMs });
  }

  async complete(jobId: string): Promise<void> {
    this.#jobs.delete(jobId);
  }

  async size(): Promise<number> {
    return this.#jobs.size;
  }
}
