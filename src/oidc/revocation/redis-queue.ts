// Revocation jobs on Redis (single, Sentinel or Cluster): a hash of jobs and a sorted set of due times, in one slot.
import { revocationJobKeys } from '../../store/keys.ts';
import type { RedisClient } from '../../store/redis.ts';
import { parseJob, serializeJob, type RevocationJob } from './job.ts';
import type { RevocationQueue } from './queue.ts';

/** Due times come from the Redis clock, so processes with skewed clocks agree on leases. */
const NOW = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
`;

/** KEYS: due, jobs. ARGV: lease ms, job id ("" = the oldest due). Returns the job JSON, or false. */
const CLAIM = `${NOW}
local id = ARGV[2]
if id == '' then
  local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 1)
  if #due == 0 then return false end
  id = due[1]
else
  local score = redis.call('ZSCORE', KEYS[1], id)
  if not score or tonumber(score) > now then return false end
end
local json = redis.call('HGET', KEYS[2], id)
if not json then
  redis.call('ZREM', KEYS[1], id)
  return false
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), id)
return json
`;

/** KEYS: due, jobs. ARGV: id, JSON, due in ms. */
const SAVE = `${NOW}
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
return 1
`;

interface QueueScripts {
  kontekstRevocationClaim(due: string, jobs: string, leaseMs: string, jobId: string): Promise<string | null>;
  kontekstRevocationSave(due: string, jobs: string, id: string, json: string, dueInMs: string): Promise<number>;
}

/**
 * The commands that store a new job, as one MULTI (both keys share a slot), e.g. next to other writes of the
 * same slot. A due time of 0 means "due now" on any clock; with `leasedForMs` the job is the caller's for that
 * long (it calls RevocationService.runJob(job) next, and answers with the counts), and any process's worker
 * takes it over after that if the caller died.
 */
export function revocationEnqueueCommands(keyPrefix: string, job: RevocationJob, leasedForMs = 0): [command: string, ...args: string[]][] {
  const { jobs, due } = revocationJobKeys(keyPrefix);
  return [
    // NX: a job already stored under this id (a relayed revocation, stored again) keeps its progress and due time.
    ['hsetnx', jobs, job.id, serializeJob(job)],
    ['zadd', due, 'NX', String(leasedForMs > 0 ? Date.now() + leasedForMs : 0), job.id],
  ];
}

export class RedisRevocationQueue implements RevocationQueue {
  readonly #redis: RedisClient & QueueScripts;
  readonly #keys: { jobs: string; due: string };

  constructor(
    redis: RedisClient,
    private readonly keyPrefix: string,
  ) {
    const scripted = redis as RedisClient & Partial<QueueScripts>;
    if (typeof scripted.kontekstRevocationClaim !== 'function') {
      redis.defineCommand('kontekstRevocationClaim', { numberOfKeys: 2, lua: CLAIM });
      redis.defineCommand('kontekstRevocationSave', { numberOfKeys: 2, lua: SAVE });
    }
    this.#redis = scripted as RedisClient & QueueScripts;
    this.#keys = revocationJobKeys(keyPrefix);
  }

  async enqueue(job: RevocationJob, leasedForMs = 0): Promise<void> {
    const multi = this.#redis.multi();
    for (const [command, ...args] of revocationEnqueueCommands(this.keyPrefix, job, leasedForMs)) multi.call(command, ...args);
    const results = await multi.exec();
    const failed = results?.find(([error]) => error);
    if (!results || failed) throw failed?.[0] ?? new Error('revocation job was not stored');
  }

  async claim(leaseMs: number, jobId?: string): Promise<RevocationJob | undefined> {
    const json = await this.#redis.kontekstRevocationClaim(this.#keys.due, this.#keys.jobs, String(leaseMs), jobId ?? '');
    if (json === null) return undefined;
    const job = parseJob(json);
    if (!job) await this.#dropUnreadable(json);
    return job;
  }

  async save(job: RevocationJob, dueInMs: number): Promise<void> {
    await this.#redis.kontekstRevocationSave(
      this.#keys.due,
      this.#keys.jobs,
      job.id,
      serializeJob(job),
      String(Math.max(0, Math.round(dueInMs))),
    );
  }

  async complete(jobId: string): Promise<void> {
    await this.#redis.multi().hdel(this.#keys.jobs, jobId).zrem(this.#keys.due, jobId).exec();
  }

  async size(): Promise<number> {
    return this.#redis.hlen(this.#keys.jobs);
  }

  /** A stored job that no longer parses would be claimed forever: remove it (its id is all we can name). */
  async #dropUnreadable(json: string): Promise<void> {
    const id = /"id":"([^"]+)"/.exec(json)?.[1];
    if (id) await this.complete(id);
  }
}
