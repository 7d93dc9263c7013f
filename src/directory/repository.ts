// The directory repository: the login's read side (domain views) and the administration's records, versions and atomic changes.
import type { BusinessUser, Organisation } from '../domain/directory.ts';
import type { ChainHead } from './audit-chain.ts';
import type { AuditDraft, AuditEvent, BusinessUserRecord, OrganisationRecord, OutboxMessage, RightRecord } from './records.ts';
import type { SessionRevocation } from './session-revocation.ts';

export interface DirectoryReader {
  getOrganisation(cvr: string): Promise<Organisation | undefined>;
  listOrganisations(): Promise<Organisation[]>;
  getBusinessUser(uuid: string): Promise<BusinessUser | undefined>;
  /** A business user and their organisation in one read: the token and userinfo path needs both. */
  getBusinessUserWithOrganisation(uuid: string): Promise<{ businessUser: BusinessUser; organisation?: Organisation } | undefined>;
  /** Business users linked to a person by CPR (candidates for a private MitID login). */
  findBusinessUsersByPersonCpr(cpr: string): Promise<BusinessUser[]>;
  /** Business users a dedicated MitID user ID is valid for (its own and shared ones). */
  findBusinessUsersByDedicatedMitId(mitidUuid: string): Promise<BusinessUser[]>;
}

/** `org:<cvr>` holds an organisation, its users, its audit chain and outbox; `operator` the rights catalogue. */
export type DirectoryScope = `org:${string}` | 'operator';

export function organisationScope(cvr: string): DirectoryScope {
  return `org:${cvr}`;
}

/** A record as the command wants it stored, and the version it read (none: a new record). Versions are the repository's. */
export type RecordChange =
  | { kind: 'organisation'; record: Omit<OrganisationRecord, 'version'>; previous?: OrganisationRecord }
  | { kind: 'user'; record: Omit<BusinessUserRecord, 'version'>; previous?: BusinessUserRecord }
  | { kind: 'right'; record: Omit<RightRecord, 'version'>; previous?: RightRecord };

export interface DirectoryChange {
  scope: DirectoryScope;
  changes: RecordChange[];
  audit: AuditDraft;
  outbox: OutboxMessage[];
  /** Sessions this change ends: stored in the same step, relayed to the revocation queue (see src/admin/revocation-relay.ts). */
  revocation?: SessionRevocation;
  /** The first answer of a create, kept under its Idempotency-Key in the same step. */
  idempotency?: { key: string; answer: unknown };
}

export interface DirectoryRepository extends DirectoryReader {
  organisationRecord(cvr: string): Promise<OrganisationRecord | undefined>;
  organisationRecords(): Promise<OrganisationRecord[]>;
  userRecord(uuid: string): Promise<BusinessUserRecord | undefined>;
  userRecordsOf(cvr: string): Promise<BusinessUserRecord[]>;
  /** The business user whose open activation has this ID (the activation link's), if any. */
  userRecordByActivation(activationId: string): Promise<BusinessUserRecord | undefined>;
  rightRecord(urn: string): Promise<RightRecord | undefined>;
  rightRecords(): Promise<RightRecord[]>;
  /** The stored answer of an earlier create with this Idempotency-Key, if any. */
  idempotentAnswer(scope: DirectoryScope, key: string): Promise<unknown>;
  /** Writes every record, the audit event and the outbox messages in one atomic step; throws VersionConflictError on a stale version. */
  commit(change: DirectoryChange): Promise<AuditEvent>;
  auditEvents(scope: DirectoryScope, from: number, limit: number): Promise<AuditEvent[]>;
  auditHead(scope: DirectoryScope): Promise<ChainHead>;
  auditScopes(): Promise<DirectoryScope[]>;
  outboxMessages(scope: DirectoryScope): Promise<OutboxMessage[]>;
  /** Revocation work changes stored and the revocation queue does not hold yet. */
  sessionRevocations(scope: DirectoryScope): Promise<SessionRevocation[]>;
  /** Forgets outbox messages (and revocation work) once their queue holds them. */
  acknowledgeOutbox(scope: DirectoryScope, ids: readonly string[]): Promise<void>;
  /** The keyed hash of a CPR: what the directory keeps to match a private MitID login. */
  cprKey(cpr: string): string;
  /** The keyed hash of an activation code: kept instead of the code. */
  codeHash(code: string): string;
  /** Whether the directory has been seeded (false after e.g. a Redis restart that lost the data). */
  isPresent(): Promise<boolean>;
  markPresent(): Promise<void>;
}

export class VersionConflictError extends Error {
  readonly code = 'version_conflict';
  constructor(
    readonly kind: string,
    readonly id: string,
  ) {
    super(`${kind} ${id} was changed by someone else`);
    this.name = 'VersionConflictError';
  }
}
