// What both oidc-provider adapters (memory and Redis) share: which models belong to a grant, TTLs, the consume rule.
import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';
import { accountHolderKeyOf } from '../account-id.ts';

/** The factory shape oidc-provider accepts as its `adapter` option (an arrow function: called, not constructed). */
export type AdapterFactory = (model: string) => Adapter;

/** Models whose records carry a grantId and must disappear when the grant is revoked. */
export const GRANTABLE_MODELS: ReadonlySet<string> = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

/** Milliseconds a record lives, or undefined for records without expiry (e.g. dynamically registered clients). */
export function ttlMs(expiresIn: number | undefined): number | undefined {
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn)) return undefined;
  // Zero or negative means already expired; the store still needs a positive expiry.
  return Math.max(1, Math.ceil(expiresIn * 1000));
}

export function epochSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * oidc-provider checks `consumed` and then calls consume(); two concurrent redemptions can both pass the
 * check. The adapter's consume is atomic and throws for every caller but the first, so the provider answers
 * invalid_grant instead of issuing a second set of tokens.
 */
export function alreadyConsumed(): Error {
  return new errors.InvalidGrant('grant already consumed');
}

/**
 * Redis failing mid-request becomes the OIDC error temporarily_unavailable with HTTP 503 (the relying party
 * gets a protocol answer, never a half-issued token); the provider's own errors pass through unchanged.
 * `code` lets Kontekst's error pages recognise it like StoreUnavailableError.
 */
export function storageUnavailable(cause: unknown): Error {
  if (cause instanceof errors.OIDCProviderError) return cause;
  const error = new errors.TemporarilyUnavailable('storage is temporarily unavailable, try again shortly', { cause });
  // expose keeps the error code in the response; without it a 5xx is rendered as server_error.
  Object.assign(error, { status: 503, statusCode: 503, expose: true, code: 'store_unavailable' });
  return error;
}

/** Models indexed by their account's holder, so revocation finds every live session and grant of a person or business user. */
export const HOLDER_INDEXED_MODELS: ReadonlySet<string> = new Set(['Session', 'Grant']);

/** Index entries a record needs besides itself, derived from its model and payload. */
export interface RecordIndexes {
  sessionUid?: string;
  userCode?: string;
  grantId?: string;
  /** accountHolderKey of the record's account (Session after login, Grant). */
  holder?: string;
}

export function indexesOf(model: string, payload: AdapterPayload): RecordIndexes {
  return {
    sessionUid: model === 'Session' && typeof payload.uid === 'string' ? payload.uid : undefined,
    userCode: typeof payload.userCode === 'string' ? payload.userCode : undefined,
    grantId: GRANTABLE_MODELS.has(model) && typeof payload.grantId === 'string' ? payload.grantId : undefined,
    holder: HOLDER_INDEXED_MODELS.has(model) && typeof payload.accountId === 'string' ? accountHolderKeyOf(payload.accountId) : undefined,
  };
}

/** A holder's live sessions and grants, by id (the index members whose records have not expired or ended). */
export interface HolderRecords {
  sessions: string[];
  grants: string[];
}

/** Account → live sessions and grants, kept by each adapter as records are written, expire and end. */
export interface HolderIndex {
  recordsOf(holderKey: string): Promise<HolderRecords>;
}

/** An adapter factory that also answers which sessions and grants a holder has. */
export type IndexedAdapterFactory = AdapterFactory & { holders: HolderIndex };

/** Splits index members ("Session:<id>", "Grant:<id>") by model. */
export function holderRecordsOf(members: Iterable<string>): HolderRecords {
  const records: HolderRecords = { sessions: [], grants: [] };
  for (const member of members) {
    const colon = member.indexOf(':');
    const model = member.slice(0, colon);
    const id = member.slice(colon + 1);
    if (model === 'Session') records.sessions.push(id);
    else if (model === 'Grant') records.grants.push(id);
  }
  return records;
}

/** Grant members name the record as "<Model>:<id>". */
export function grantMember(model: string, id: string): string {
  return `${model}:${id}`;
}
