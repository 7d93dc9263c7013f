// Outbox queue on Redis (single, Sentinel or Cluster): each claim, mark and enqueue is one Lua script in one slot.
import { randomUUID } from 'node:crypto';
import { unavailableOnFailure } from '../store/errors.ts';
import { outboxNamespace } from '../store/keys.ts';
import type { RedisClient } from '../store/redis.ts';
import { parseOutboxMessage, type OutboxMessage } from './message.ts';
import type { ClaimedMessage, FailureOutcome, OutboxQueue } from './source.ts';

/*
 * Keys (N = <prefix>:outbox:{<partition>}):
 *   N:due        sorted set: message id → when it is due (ms). A claimed message stays in it, scored at its
 *                lease's end, so a claim whose worker died becomes due again by itself.
 *   N:msg:<id>   hash: m = message JSON, a = attempts so far, l = current lease token
 *   N:dead       sorted set: id → when it was given up; its hash stays for an operator to read
 */

// KEYS: due, msg; ARGV: id, json, now. Enqueueing an id twice keeps the first copy.
const ENQUEUE = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('HSET', KEYS[2], 'm', ARGV[2], 'a', 0)
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
return 1`;

// KEYS: due; ARGV: namespace, now, leaseEnd, limit, token prefix. Returns [id, json, attempts, lease, …].
const CLAIM = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[4]))
local out = {}
for i, id in ipairs(ids) do
  local msg = ARGV[1] .. ':msg:' .. id
  local json = redis.call('HGET', msg, 'm')
  if json then
    local lease = ARGV[5] .. ':' .. i
    local attempts = redis.call('HINCRBY', msg, 'a', 1)
    redis.call('HSET', msg, 'l', lease)
    redis.call('ZADD', KEYS[1], ARGV[3], id)
    table.insert(out, id); table.insert(out, json); table.insert(out, attempts); table.insert(out, lease)
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return out`;

// KEYS: due, msg; ARGV: id, lease.
const DELIVERED = `
if redis.call('HGET', KEYS[2], 'l') ~= ARGV[2] then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return 1`;

// KEYS: due, msg, dead; ARGV: id, lease, now, retryAt ('' = give up), '1' when the claim was not an attempt.
const FAILED = `
if redis.call('HGET', KEYS[2], 'l') ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[2], 'l')
if ARGV[4] == '' then
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
else
  redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
  if ARGV[5] == '1' then redis.call('HINCRBY', KEYS[2], 'a', -1) end
end
return 1`;

interface OutboxScripts {
  kontekstOutboxEnqueue(due: string, msg: string, id: string, json: string, now: number): Promise<number>;
  kontekstOutboxClaim(
    due: string,
    namespace: string,
    now: number,
    leaseEnd: number,
    limit: number,
    tokenPrefix: string,
  ): Promise<(string | number)[]>;
  kontekstOutboxDelivered(due: string, msg: string, id: string, lease: string): Promise<number>;
  kontekstOutboxFailed(
    due: string,
    msg: string,
    dead: string,
    id: string,
    lease: string,
    now: number,
    retryAt: number | '',
    notAttempted: '0' | '1',
  ): Promise<number>;
}

export interface RedisOutboxQueueOptions {
  redis: RedisClient;
  keyPrefix: string;
  /** The hash tag of this queue; writers in the same atomic step must use the same slot. Default "outbox". */
  partition?: string;
  now?: () => number;
}

export class RedisOutboxQueue implements OutboxQueue {
  readonly #redis: RedisClient & OutboxScripts;
  readonly #namespace: string;
  readonly #now: () => number;

  constructor(options: RedisOutboxQueueOptions) {
    const scripted = options.redis as RedisClient & Partial<OutboxScripts>;
    // defineCommand is per client; several queues may share one.
    if (!scripted.kontekstOutboxClaim) {
      options.redis.defineCommand('kontekstOutboxEnqueue', { numberOfKeys: 2, lua: ENQUEUE });
      // The claim script builds message keys from the namespace; they share the due set's hash tag (same slot).
      options.redis.defineCommand('kontekstOutboxClaim', { numberOfKeys: 1, lua: CLAIM });
      options.redis.defineCommand('kontekstOutboxDelivered', { numberOfKeys: 2, lua: DELIVERED });
      options.redis.defineCommand('kontekstOutboxFailed', { numberOfKeys: 3, lua: FAILED });
    }
    this.#redis = scripted as RedisClient & OutboxScripts;
    this.#namespace = outboxNamespace(options.keyPrefix, options.partition ?? 'outbox');
    this.#now = options.now ?? Date.now;
  }

  get #due(): string {
    return `${this.#namespace}:due`;
  }

  #msg(id: string): string {
    return `${this.#namespace}:msg:${id}`;
  }

  async enqueue(message: OutboxMessage): Promise<void> {
    const valid = parseOutboxMessage(message);
    await unavailableOnFailure(() =>
      this.#redis.kontekstOutboxEnqueue(this.#due, this.#msg(valid.id), valid.id, JSON.stringify(valid), this.#now()),
    );
  }

  async claim({ limit, leaseMs }: { limit: number; leaseMs: number }): Promise<ClaimedMessage[]> {
    const now = this.#now();
    const flat = await unavailableOnFailure(() =>
      this.#redis.kontekstOutboxClaim(this.#due, this.#namespace, now, now + leaseMs, limit, randomUUID()),
    );
    const claims: ClaimedMessage[] = [];
    for (let index = 0; index < flat.length; index += 4) {
      // Read back through the schema: storage is an edge too.
      claims.push({
        message: parseOutboxMessage(JSON.parse(String(flat[index + 1]))),
        attempt: Number(flat[index + 2]),
        lease: String(flat[index + 3]),
      });
    }
    return claims;
  }

  async markDelivered(claim: ClaimedMessage): Promise<boolean> {
    const id = claim.message.id;
    return (await unavailableOnFailure(() => this.#redis.kontekstOutboxDelivered(this.#due, this.#msg(id), id, claim.lease))) === 1;
  }

  async markFailed(claim: ClaimedMessage, outcome: FailureOutcome): Promise<boolean> {
    const id = claim.message.id;
    const now = this.#now();
    const retryAt = 'giveUp' in outcome ? '' : now + outcome.retryInMs;
    const notAttempted = 'giveUp' in outcome || !outcome.notAttempted ? '0' : '1';
    return (
      (await unavailableOnFailure(() =>
        this.#redis.kontekstOutboxFailed(this.#due, this.#msg(id), `${this.#namespace}:dead`, id, claim.lease, now, retryAt, notAttempted),
      )) === 1
    );
  }

  async dead(): Promise<OutboxMessage[]> {
    const ids = await unavailableOnFailure(() => this.#redis.zrange(`${this.#namespace}:dead`, 0, -1));
    const messages: OutboxMessage[] = [];
    for (const id of ids) {
      const json = await unavailableOnFailure(() => this.#redis.hget(this.#msg(id), 'm'));
      if (json) messages.push(parseOutboxMessage(JSON.parse(json)));
    }
    return messages;
  }
}
