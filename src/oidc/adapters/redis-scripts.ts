// Lua scripts of the Redis oidc-provider adapter: each adapter call is one script (one round trip) where it can be.
import type { RedisClient } from '../../store/redis.ts';

/**
 * Writes a record and its index entries. KEYS are the keys to write; ARGV holds five values per key:
 * kind ("record" | "pointer" | "member" | "holder"), value, TTL in ms ("0" = none), consumed epoch ("" = none),
 * and for a record the key of its holder index ("" = none), kept in the record so destroy can leave the index.
 * On a single Redis all keys go in one call; on a Cluster the adapter calls it once per key (one slot each).
 */
const WRITE = `
local now
for i, key in ipairs(KEYS) do
  local base = (i - 1) * 5
  local kind, value, ttl, consumed, extra = ARGV[base + 1], ARGV[base + 2], tonumber(ARGV[base + 3]), ARGV[base + 4], ARGV[base + 5]
  if kind == 'record' then
    redis.call('DEL', key)
    redis.call('HSET', key, 'p', value)
    if consumed ~= '' then redis.call('HSET', key, 'c', consumed) end
    if extra ~= '' then redis.call('HSET', key, 'h', extra) end
    if ttl > 0 then redis.call('PEXPIRE', key, ttl) end
  elseif kind == 'pointer' then
    if ttl > 0 then redis.call('SET', key, value, 'PX', ttl) else redis.call('SET', key, value) end
  elseif kind == 'member' then
    -- The grant's token set lives as long as its longest-lived token (PTTL: -2 missing, -1 no expiry).
    local previous = redis.call('PTTL', key)
    redis.call('SADD', key, value)
    if ttl == 0 then
      redis.call('PERSIST', key)
    elseif previous == -2 or (previous >= 0 and previous < ttl) then
      redis.call('PEXPIRE', key, ttl)
    end
  elseif kind == 'holder' then
    -- Sorted by expiry (ms): expired members are dropped here, so the set holds live records only.
    if not now then
      local time = redis.call('TIME')
      now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
    end
    redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
    local previous = redis.call('PTTL', key)
    if ttl == 0 then
      redis.call('ZADD', key, 'inf', value)
      redis.call('PERSIST', key)
    else
      redis.call('ZADD', key, now + ttl, value)
      if previous == -2 or (previous >= 0 and previous < ttl) then redis.call('PEXPIRE', key, ttl) end
    end
  end
end
return #KEYS
`;

/**
 * Deletes a record and returns the holder index key it was listed in (or false). Single Redis: ARGV[1] is
 * the member to remove from that index in the same call; on a Cluster it is "" and the adapter removes it.
 */
const DESTROY = `
local holder = redis.call('HGET', KEYS[1], 'h')
redis.call('DEL', KEYS[1])
if holder and ARGV[1] ~= '' then redis.call('ZREM', holder, ARGV[1]) end
return holder
`;

/** A holder's live members: drops expired ones, returns the rest. */
const HOLDER_MEMBERS = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
return redis.call('ZRANGE', KEYS[1], 0, -1)
`;

/** Marks a record consumed exactly once: 1 = this call consumed it, 0 = consumed before, -1 = no such record. */
const CONSUME = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
return redis.call('HSETNX', KEYS[1], 'c', ARGV[1])
`;

/**
 * Follows an index pointer to its record in one call: returns { id, payload, consumed } or nil.
 * Single Redis only: the record key is not declared, which a Cluster would refuse.
 */
const DEREF = `
local id = redis.call('GET', KEYS[1])
if not id then return false end
local record = redis.call('HMGET', ARGV[1] .. id .. ARGV[2], 'p', 'c')
return { id, record[1], record[2] }
`;

/** Deletes every record of a grant and the grant's token set in one call (single Redis only). */
const REVOKE_ALL = `
local members = redis.call('SMEMBERS', KEYS[1])
for _, member in ipairs(members) do redis.call('DEL', ARGV[1] .. member .. ARGV[2]) end
redis.call('DEL', KEYS[1])
return #members
`;

/** Atomically takes a grant's token set (Cluster: the records are then deleted slot by slot). */
const POP_MEMBERS = `
local members = redis.call('SMEMBERS', KEYS[1])
redis.call('DEL', KEYS[1])
return members
`;

export interface AdapterScripts {
  kontekstOidcWrite(numKeys: number, ...keysAndArgs: string[]): Promise<number>;
  /** The same script for exactly one key; on a Cluster, ioredis routes (and auto-pipelines) by its first argument. */
  kontekstOidcWriteOne(key: string, ...args: string[]): Promise<number>;
  kontekstOidcConsume(key: string, epoch: string): Promise<number>;
  kontekstOidcDeref(pointerKey: string, head: string, tail: string): Promise<[string, string | null, string | null] | null>;
  kontekstOidcRevokeAll(setKey: string, head: string, tail: string): Promise<number>;
  kontekstOidcPopMembers(setKey: string): Promise<string[]>;
  kontekstOidcDestroy(recordKey: string, member: string): Promise<string | null>;
  kontekstOidcHolderMembers(holderKey: string): Promise<string[]>;
}

/** Registers the scripts on the client once (ioredis sends EVALSHA and falls back to EVAL after a restart). */
export function withAdapterScripts(redis: RedisClient): RedisClient & AdapterScripts {
  const scripted = redis as RedisClient & Partial<AdapterScripts>;
  if (typeof scripted.kontekstOidcWrite !== 'function') {
    redis.defineCommand('kontekstOidcWrite', { lua: WRITE });
    redis.defineCommand('kontekstOidcWriteOne', { numberOfKeys: 1, lua: WRITE });
    redis.defineCommand('kontekstOidcConsume', { numberOfKeys: 1, lua: CONSUME });
    redis.defineCommand('kontekstOidcDeref', { numberOfKeys: 1, lua: DEREF });
    redis.defineCommand('kontekstOidcRevokeAll', { numberOfKeys: 1, lua: REVOKE_ALL });
    redis.defineCommand('kontekstOidcPopMembers', { numberOfKeys: 1, lua: POP_MEMBERS });
    redis.defineCommand('kontekstOidcDestroy', { numberOfKeys: 1, lua: DESTROY });
    redis.defineCommand('kontekstOidcHolderMembers', { numberOfKeys: 1, lua: HOLDER_MEMBERS });
  }
  return scripted as RedisClient & AdapterScripts;
}
