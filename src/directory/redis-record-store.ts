// RecordStore on Redis (single, Sentinel or Cluster): one slot per scope, one script per commit, global indexes as hints.
import { EMPTY_HEAD, type ChainHead } from './audit-chain.ts';
import type { CommitRequest, CommitResult, IndexName, RecordKind, RecordStore, SealAudit } from './record-store.ts';
import { unavailableOnFailure } from '../store/errors.ts';
import { directoryIndexKey, directoryScopeKey } from '../store/keys.ts';
import type { RedisClient } from '../store/redis.ts';

/**
 * KEYS: records, audit, head, outbox (one scope, one slot).
 * ARGV: expected head (raw, '' when none), n writes, then (field, expected version, json) per write,
 * the audit event json, the new head json, n outbox messages, then (id, json) per message.
 * Returns {'ok'}, {'head'} (another change got in first: reseal and retry) or {'conflict', field}.
 */
const COMMIT = `
local records, audit, head, outbox = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local current = redis.call('GET', head) or ''
if current ~= ARGV[1] then return {'head'} end
local n = tonumber(ARGV[2])
for i = 0, n - 1 do
  local field, expected = ARGV[3 + i * 3], tonumber(ARGV[4 + i * 3])
  local stored = redis.call('HGET', records, field)
  local version = 0
  if stored then version = cjson.decode(stored).version end
  if version ~= expected then return {'conflict', field} end
end
for i = 0, n - 1 do redis.call('HSET', records, ARGV[3 + i * 3], ARGV[5 + i * 3]) end
local at = 3 + n * 3
redis.call('RPUSH', audit, ARGV[at])
redis.call('SET', head, ARGV[at + 1])
local m = tonumber(ARGV[at + 2])
for i = 0, m - 1 do redis.call('HSET', outbox, ARGV[at + 3 + i * 2], ARGV[at + 4 + i * 2]) end
return {'ok'}
`;

interface CommitScript {
  kontekstDirCommit(...keysAndArgs: (string | number)[]): Promise<string[]>;
}

/** How often a commit reseals when other changes to the same scope keep moving the chain head. */
const MAX_RESEALS = 20;

/**
 * Per-organisation slots keep an organisation's change, audit event and outbox message atomic on a Cluster and
 * spread organisations over the nodes. Lookups that must cross organisations (CPR hash, dedicated MitID hash,
 * UUID → CVR) live in one index slot of their own and cannot join the organisation's script, so they are hints:
 * a link is written before the change and an unlink after it, and every reader re-checks the record it finds.
 * An index may therefore briefly name a record that no longer matches (filtered out), but never miss one.
 */
export class RedisRecordStore implements RecordStore {
  readonly #redis: RedisClient & CommitScript;
  readonly #prefix: string;

  constructor(redis: RedisClient, keyPrefix: string) {
    const scripted = redis as RedisClient & Partial<CommitScript>;
    if (typeof scripted.kontekstDirCommit !== 'function') redis.defineCommand('kontekstDirCommit', { numberOfKeys: 4, lua: COMMIT });
    this.#redis = scripted as RedisClient & CommitScript;
    this.#prefix = keyPrefix;
  }

  #key(scope: string, part: 'records' | 'audit' | 'head' | 'outbox'): string {
    return directoryScopeKey(this.#prefix, scope, part);
  }

  #indexKey(part: string): string {
    return directoryIndexKey(this.#prefix, part);
  }

  async read(scope: string, kind: RecordKind, id: string): Promise<string | undefined> {
    return (await unavailableOnFailure(() => this.#redis.hget(this.#key(scope, 'records'), `${kind}:${id}`))) ?? undefined;
  }

  async readAll(scope: string, kind: RecordKind): Promise<string[]> {
    const all = await unavailableOnFailure(() => this.#redis.hgetall(this.#key(scope, 'records')));
    return Object.entries(all)
      .filter(([field]) => field.startsWith(`${kind}:`))
      .map(([, json]) => json);
  }

  async commit(request: CommitRequest, seal: SealAudit): Promise<CommitResult> {
    await this.#writeHints(request);
    for (let attempt = 0; attempt < MAX_RESEALS; attempt++) {
      const rawHead = await unavailableOnFailure(() => this.#redis.get(this.#key(request.scope, 'head')));
      const sealed = seal(rawHead ? (JSON.parse(rawHead) as ChainHead) : EMPTY_HEAD);
      const args: (string | number)[] = [rawHead ?? '', request.writes.length];
      for (const write of request.writes) args.push(`${write.kind}:${write.id}`, write.expectedVersion, write.json);
      args.push(sealed.json, JSON.stringify(sealed.head), request.outbox.length);
      for (const message of request.outbox) args.push(message.id, message.json);
      const keys = (['records', 'audit', 'head', 'outbox'] as const).map((part) => this.#key(request.scope, part));
      const [outcome, field] = await unavailableOnFailure(() => this.#redis.kontekstDirCommit(...keys, ...args));
      if (outcome === 'head') continue;
      if (outcome === 'conflict') {
        const [kind, ...id] = (field ?? '').split(':');
        return { committed: false, conflict: { kind: kind as RecordKind, id: id.join(':') } };
      }
      if (request.unlink.length > 0) {
        const multi = this.#redis.multi();
        for (const link of request.unlink) multi.srem(this.#indexKey(`${link.index}:${link.key}`), link.member);
        await unavailableOnFailure(() => multi.exec());
      }
      return { committed: true };
    }
    throw new Error(`audit chain of ${request.scope} kept moving; commit abandoned`);
  }

  /** Links, owners and the organisation list go in first: a reader re-checks, so an early hint is harmless. */
  async #writeHints(request: CommitRequest): Promise<void> {
    const multi = this.#redis.multi();
    for (const link of request.link) multi.sadd(this.#indexKey(`${link.index}:${link.key}`), link.member);
    for (const owner of request.owners) multi.hsetnx(this.#indexKey('owners'), owner.uuid, owner.cvr);
    if (request.organisation) multi.sadd(this.#indexKey('organisations'), request.organisation);
    multi.sadd(this.#indexKey('audit-scopes'), request.scope);
    await unavailableOnFailure(() => multi.exec());
  }

  async lookup(index: IndexName, key: string): Promise<string[]> {
    return unavailableOnFailure(() => this.#redis.smembers(this.#indexKey(`${index}:${key}`)));
  }

  async ownerOf(uuid: string): Promise<string | undefined> {
    return (await unavailableOnFailure(() => this.#redis.hget(this.#indexKey('owners'), uuid))) ?? undefined;
  }

  async organisations(): Promise<string[]> {
    return unavailableOnFailure(() => this.#redis.smembers(this.#indexKey('organisations')));
  }

  async auditEvents(scope: string, from: number, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    return unavailableOnFailure(() => this.#redis.lrange(this.#key(scope, 'audit'), from, from + limit - 1));
  }

  async auditHead(scope: string): Promise<ChainHead> {
    const raw = await unavailableOnFailure(() => this.#redis.get(this.#key(scope, 'head')));
    return raw ? (JSON.parse(raw) as ChainHead) : EMPTY_HEAD;
  }

  async auditScopes(): Promise<string[]> {
    return unavailableOnFailure(() => this.#redis.smembers(this.#indexKey('audit-scopes')));
  }

  async outbox(scope: string): Promise<string[]> {
    return unavailableOnFailure(() => this.#redis.hvals(this.#key(scope, 'outbox')));
  }

  async removeOutbox(scope: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await unavailableOnFailure(() => this.#redis.hdel(this.#key(scope, 'outbox'), ...ids));
  }

  async marker(): Promise<string | undefined> {
    return (await unavailableOnFailure(() => this.#redis.get(this.#indexKey('marker')))) ?? undefined;
  }

  async setMarker(value: string): Promise<void> {
    await unavailableOnFailure(() => this.#redis.set(this.#indexKey('marker'), value));
  }
}
