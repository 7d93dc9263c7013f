// Directory repository on Redis: one slot, one round trip per call, HMAC-keyed person indexes; failures raise StoreUnavailableError.
import { createHmac } from 'node:crypto';
import type { BusinessUser, Organisation } from '../domain/directory.ts';
import { unavailableOnFailure } from '../store/errors.ts';
import { directoryNamespace } from '../store/keys.ts';
import type { RedisClient } from '../store/redis.ts';
import type { DirectoryRepository } from './repository.ts';

export interface RedisDirectoryOptions {
  redis: RedisClient;
  keyPrefix: string;
  /**
   * Secret for the HMAC that turns a CPR (and a dedicated MitID UUID) into an index key, so that a dump
   * of Redis keys reveals no CPR and cannot be reversed by enumerating the small CPR space.
   */
  indexSecret: string;
}

/** What the index needs to remember about a stored user to unlink it on the next write. */
interface UserIndexEntry {
  cpr?: string;
  mitids: string[];
}

/**
 * KEYS: users, user-index, by-cpr, by-mitid (hashes). ARGV: uuid, user JSON, index JSON.
 * Index hashes map an HMAC to a JSON array of user UUIDs; stale links of the previous version are removed.
 */
const PUT_USER = `
local users, userIndex, byCpr, byMitid = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local uuid = ARGV[1]
local function unlink(hash, field)
  local raw = redis.call('HGET', hash, field)
  if not raw then return end
  local kept = {}
  for _, id in ipairs(cjson.decode(raw)) do if id ~= uuid then table.insert(kept, id) end end
  if #kept == 0 then redis.call('HDEL', hash, field) else redis.call('HSET', hash, field, cjson.encode(kept)) end
end
local function link(hash, field)
  local raw = redis.call('HGET', hash, field)
  local ids = {}
  if raw then ids = cjson.decode(raw) end
  for _, id in ipairs(ids) do if id == uuid then return end end
  table.insert(ids, uuid)
  redis.call('HSET', hash, field, cjson.encode(ids))
end
local previous = redis.call('HGET', userIndex, uuid)
if previous then
  local entry = cjson.decode(previous)
  if type(entry.cpr) == 'string' then unlink(byCpr, entry.cpr) end
  for _, mitid in ipairs(entry.mitids) do unlink(byMitid, mitid) end
end
local entry = cjson.decode(ARGV[3])
if type(entry.cpr) == 'string' then link(byCpr, entry.cpr) end
for _, mitid in ipairs(entry.mitids) do link(byMitid, mitid) end
redis.call('HSET', users, uuid, ARGV[2])
redis.call('HSET', userIndex, uuid, ARGV[3])
return 1
`;

/** KEYS: an index hash, users. ARGV: the HMAC. Returns the JSON of every user the index lists. */
const FIND_USERS = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return {} end
local ids = cjson.decode(raw)
if #ids == 0 then return {} end
local found = {}
for _, user in ipairs(redis.call('HMGET', KEYS[2], unpack(ids))) do
  if user then table.insert(found, user) end
end
return found
`;

/** KEYS: users, organisations. ARGV: the user's uuid. Returns the user's JSON and its organisation's JSON (or nil). */
const GET_USER_WITH_ORG = `
local user = redis.call('HGET', KEYS[1], ARGV[1])
if not user then return {} end
local org = redis.call('HGET', KEYS[2], cjson.decode(user).cvr)
return { user, org }
`;

interface DirectoryScripts {
  kontekstDirGetUserWithOrg(...keysAndArgs: string[]): Promise<(string | null)[]>;
  kontekstDirPutUser(...keysAndArgs: string[]): Promise<number>;
  kontekstDirFindUsers(...keysAndArgs: string[]): Promise<string[]>;
}

/**
 * The whole directory shares the hash tag {dir}: every call is one script in one slot, also on a Cluster.
 * The price is that a Cluster keeps the directory on one node; it is small, read-mostly reference data.
 */
export class RedisDirectory implements DirectoryRepository {
  readonly #redis: RedisClient & DirectoryScripts;
  readonly #secret: string;
  readonly #keys: { organisations: string; users: string; userIndex: string; byCpr: string; byMitId: string };

  constructor(options: RedisDirectoryOptions) {
    if (options.indexSecret.length < 16) throw new Error('RedisDirectory indexSecret must be at least 16 characters');
    const scripted = options.redis as RedisClient & Partial<DirectoryScripts>;
    if (typeof scripted.kontekstDirPutUser !== 'function') {
      options.redis.defineCommand('kontekstDirPutUser', { numberOfKeys: 4, lua: PUT_USER });
      options.redis.defineCommand('kontekstDirFindUsers', { numberOfKeys: 2, lua: FIND_USERS });
      options.redis.defineCommand('kontekstDirGetUserWithOrg', { numberOfKeys: 2, lua: GET_USER_WITH_ORG });
    }
    this.#redis = scripted as RedisClient & DirectoryScripts;
    this.#secret = options.indexSecret;
    const namespace = directoryNamespace(options.keyPrefix);
    this.#keys = {
      organisations: `${namespace}:organisations`,
      users: `${namespace}:users`,
      userIndex: `${namespace}:user-index`,
      byCpr: `${namespace}:by-cpr`,
      byMitId: `${namespace}:by-mitid`,
    };
  }

  /** Keyed hash with a purpose label, so a CPR index value can never equal a MitID index value. */
  #indexKey(purpose: 'cpr' | 'mitid', value: string): string {
    return createHmac('sha256', this.#secret).update(`${purpose}\u0000${value}`).digest('base64url');
  }

  async getOrganisation(cvr: string): Promise<Organisation | undefined> {
    const json = await unavailableOnFailure(() => this.#redis.hget(this.#keys.organisations, cvr));
    return json === null ? undefined : (JSON.parse(json) as Organisation);
  }

  async listOrganisations(): Promise<Organisation[]> {
    const all = await unavailableOnFailure(() => this.#redis.hvals(this.#keys.organisations));
    return all.map((json) => JSON.parse(json) as Organisation).sort((a, b) => a.cvr.localeCompare(b.cvr));
  }

  async getBusinessUser(uuid: string): Promise<BusinessUser | undefined> {
    const json = await unavailableOnFailure(() => this.#redis.hget(this.#keys.users, uuid));
    return json === null ? undefined : (JSON.parse(json) as BusinessUser);
  }

  async getBusinessUserWithOrganisation(uuid: string): Promise<{ businessUser: BusinessUser; organisation?: Organisation } | undefined> {
    const [user, org] = await unavailableOnFailure(() =>
      this.#redis.kontekstDirGetUserWithOrg(this.#keys.users, this.#keys.organisations, uuid),
    );
    if (!user) return undefined;
    return { businessUser: JSON.parse(user) as BusinessUser, organisation: org ? (JSON.parse(org) as Organisation) : undefined };
  }

  async findBusinessUsersByPersonCpr(cpr: string): Promise<BusinessUser[]> {
    return this.#findUsers(this.#keys.byCpr, this.#indexKey('cpr', cpr));
  }

  async findBusinessUsersByDedicatedMitId(mitidUuid: string): Promise<BusinessUser[]> {
    return this.#findUsers(this.#keys.byMitId, this.#indexKey('mitid', mitidUuid));
  }

  async putOrganisation(organisation: Organisation): Promise<void> {
    await unavailableOnFailure(() => this.#redis.hset(this.#keys.organisations, organisation.cvr, JSON.stringify(organisation)));
  }

  async putBusinessUser(user: BusinessUser): Promise<void> {
    const entry: UserIndexEntry = { mitids: [...new Set(user.dedicatedMitIdUuids)].map((mitid) => this.#indexKey('mitid', mitid)) };
    if (user.personCpr !== undefined) entry.cpr = this.#indexKey('cpr', user.personCpr);
    const { users, userIndex, byCpr, byMitId } = this.#keys;
    await unavailableOnFailure(() => this.#redis.kontekstDirPutUser(users, userIndex, byCpr, byMitId, user.uuid, JSON.stringify(user), JSON.stringify(entry)));
  }

  async #findUsers(indexKey: string, field: string): Promise<BusinessUser[]> {
    const found = await unavailableOnFailure(() => this.#redis.kontekstDirFindUsers(indexKey, this.#keys.users, field));
    return found.map((json) => JSON.parse(json) as BusinessUser);
  }
}
