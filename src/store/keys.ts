// Redis key naming. The part in {braces} is the Redis Cluster hash tag: keys that one operation touches share it.
//
// Layout (prefix = REDIS_KEY_PREFIX, default "kontekst"):
//   <prefix>:kv:{<key>}                      KeyValueStore entry (one key per operation)
//   <prefix>:oidc:{<Model>:<id>}             oidc-provider record (hash: p = payload JSON, c = consumed epoch)
//   <prefix>:oidc:{Grant:<grantId>}:tokens   set of "<Model>:<id>" issued under a grant; same slot as the Grant record
//   <prefix>:oidc:{uid:<uid>}                Session uid → session id
//   <prefix>:oidc:{usercode:<code>}          device user code → DeviceCode id
//   <prefix>:oidc:{holder:<holderKey>}       sorted set of the holder's "Session:<id>" / "Grant:<id>", score = expiry ms
//   <prefix>:revocation:{jobs}:jobs|due      revocation jobs (hash id → JSON) and their due times (zset id → ms), one slot
//   <prefix>:outbox:{<partition>}:…          outbox queue (due set, messages, dead set) in one slot per partition
//   <prefix>:dir:{org:<cvr>}:records|audit|head|outbox   one organisation's records, audit chain and outbox (one slot:
//                                            a change, its audit event and its outbox message are one script)
//   <prefix>:dir:{operator}:…                the operator's records (rights catalogue) and audit chain
//   <prefix>:dir:{dir-index}:…               global lookup indexes (CPR hash, dedicated MitID hash, UUID → CVR, organisations)

export function kvKey(prefix: string, key: string): string {
  return `${prefix}:kv:{${key}}`;
}

export function oidcRecordKey(prefix: string, model: string, id: string): string {
  return `${prefix}:oidc:{${model}:${id}}`;
}

/** A record key is head + "<Model>:<id>" + tail; Lua scripts rebuild record keys from grant members with these. */
export function oidcRecordKeyParts(prefix: string): { head: string; tail: string } {
  return { head: `${prefix}:oidc:{`, tail: '}' };
}

export function oidcGrantTokensKey(prefix: string, grantId: string): string {
  return `${prefix}:oidc:{Grant:${grantId}}:tokens`;
}

export function oidcSessionUidKey(prefix: string, uid: string): string {
  return `${prefix}:oidc:{uid:${uid}}`;
}

export function oidcUserCodeKey(prefix: string, userCode: string): string {
  return `${prefix}:oidc:{usercode:${userCode}}`;
}

/** A holder's live sessions and grants (see oidc/account-id.ts: accountHolderKey). */
export function oidcHolderIndexKey(prefix: string, holderKey: string): string {
  return `${prefix}:oidc:{holder:${holderKey}}`;
}

/** Revocation jobs and their due times, in one slot of their own so claiming a job is one script. */
export function revocationJobKeys(prefix: string): { jobs: string; due: string } {
  return { jobs: `${prefix}:revocation:{jobs}:jobs`, due: `${prefix}:revocation:{jobs}:due` };
}

/** A key of one directory scope (`org:<cvr>` or `operator`): the scope is the hash tag, so a scope is one slot. */
export function directoryScopeKey(prefix: string, scope: string, part: string): string {
  return `${prefix}:dir:{${scope}}:${part}`;
}

/** A key of the directory's global indexes, all in one slot of their own. */
export function directoryIndexKey(prefix: string, part: string): string {
  return `${prefix}:dir:{dir-index}:${part}`;
}

/** An outbox queue's hash-tagged namespace: its due set, messages and dead set share one slot. */
export function outboxNamespace(prefix: string, partition: string): string {
  return `${prefix}:outbox:{${partition}}`;
}

/** The hash tag Redis Cluster hashes for a key (the whole key when there is none), to check slot sharing. */
export function hashTagOf(key: string): string {
  const open = key.indexOf('{');
  if (open === -1) return key;
  const close = key.indexOf('}', open + 1);
  if (close === -1 || close === open + 1) return key;
  return key.slice(open + 1, close);
}
