// Redis key naming. The part in {braces} is the Redis Cluster hash tag: keys that one operation touches share it.
//
// Layout (prefix = REDIS_KEY_PREFIX, default "kontekst"):
//   <prefix>:kv:{<key>}                      KeyValueStore entry (one key per operation)
//   <prefix>:oidc:{<Model>:<id>}             oidc-provider record (hash: p = payload JSON, c = consumed epoch)
//   <prefix>:oidc:{Grant:<grantId>}:tokens   set of "<Model>:<id>" issued under a grant; same slot as the Grant record
//   <prefix>:oidc:{uid:<uid>}                Session uid → session id
//   <prefix>:oidc:{usercode:<code>}          device user code → DeviceCode id
//   <prefix>:dir:{dir}:…                     the whole directory lives in one slot so each lookup is one script
//   <prefix>:outbox:{<partition>}:…          outbox queue (due set, messages, dead set) in one slot per partition

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

/** The directory's hash-tagged namespace; every directory key starts with it. */
export function directoryNamespace(prefix: string): string {
  return `${prefix}:dir:{dir}`;
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
