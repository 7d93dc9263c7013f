// The storage port under the directory: scoped, versioned records with an audit chain, an outbox and global lookup indexes.
import type { ChainHead } from './audit-chain.ts';

/** Record kinds inside a scope. `idempotency` holds the first answer of a create retried with the same key. */
export type RecordKind = 'organisation' | 'user' | 'right' | 'idempotency';

/** Global lookup indexes, keyed by an HMAC (never a CPR or a user ID in clear); members are `<cvr>:<uuid>`. */
export type IndexName = 'cpr' | 'mitid' | 'activation';

export interface RecordWrite {
  kind: RecordKind;
  id: string;
  /** The record as JSON; its `version` must be expectedVersion + 1. */
  json: string;
  /** The version the command read (0: the record must not exist yet). */
  expectedVersion: number;
}

export interface IndexLink {
  index: IndexName;
  key: string;
  member: string;
}

export interface CommitRequest {
  /** The slot everything of this change lives in: `org:<cvr>` or `operator`. */
  scope: string;
  writes: RecordWrite[];
  /** Outbox messages (JSON with an `id`) written with the change. */
  outbox: { id: string; json: string }[];
  /** Index links the new state needs (written before the change) and no longer needs (removed after it). */
  link: IndexLink[];
  unlink: IndexLink[];
  /** Business users whose organisation must be findable from their UUID (write-once). */
  owners: { uuid: string; cvr: string }[];
  /** An organisation that must appear in the list of organisations. */
  organisation?: string;
}

/** Builds the sealed audit event (JSON) for the chain head the store holds at the moment of writing. */
export type SealAudit = (head: ChainHead) => { json: string; head: ChainHead };

export type CommitResult = { committed: true } | { committed: false; conflict: { kind: RecordKind; id: string } };

export interface RecordStore {
  read(scope: string, kind: RecordKind, id: string): Promise<string | undefined>;
  readAll(scope: string, kind: RecordKind): Promise<string[]>;
  /** Applies every write, the audit event and the outbox messages atomically, or nothing when a version is stale. */
  commit(request: CommitRequest, seal: SealAudit): Promise<CommitResult>;
  lookup(index: IndexName, key: string): Promise<string[]>;
  ownerOf(uuid: string): Promise<string | undefined>;
  organisations(): Promise<string[]>;
  /** Audit events of a scope (JSON), from position `from` (0-based), at most `limit`. */
  auditEvents(scope: string, from: number, limit: number): Promise<string[]>;
  auditHead(scope: string): Promise<ChainHead>;
  /** Scopes that have an audit chain. */
  auditScopes(): Promise<string[]>;
  outbox(scope: string): Promise<string[]>;
  /** Forgets outbox messages the delivery queue has taken over. */
  removeOutbox(scope: string, ids: readonly string[]): Promise<void>;
  /** The directory marker written with the seed: its absence means the directory is missing (e.g. Redis restarted empty). */
  marker(): Promise<string | undefined>;
  setMarker(value: string): Promise<void>;
}
