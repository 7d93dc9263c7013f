// The directory as system of record over any RecordStore: validated reads, the login's domain views, atomic versioned changes.
// Just over 250 lines: one class implementing the repository interface (validated reads, indexes, atomic commits);
// the record schemas and storage scripts are in their own files.
import { createHmac } from 'node:crypto';
import type { BusinessUser, Organisation } from '../domain/directory.ts';
import { sealEvent, type ChainHead } from './audit-chain.ts';
import { businessUserView, mitIdsOf, organisationView } from './domain-view.ts';
import type { IndexLink, IndexName, RecordStore, RecordWrite } from './record-store.ts';
import {
  auditEventSchema,
  businessUserRecordSchema,
  organisationRecordSchema,
  outboxMessageSchema,
  parseStored,
  rightRecordSchema,
  type AuditEvent,
  type BusinessUserRecord,
  type OrganisationRecord,
  type OutboxMessage,
  type RightRecord,
} from './records.ts';
import {
  organisationScope,
  VersionConflictError,
  type DirectoryChange,
  type DirectoryRepository,
  type DirectoryScope,
  type RecordChange,
} from './repository.ts';
import { isSessionRevocationJson, sessionRevocationSchema, type SessionRevocation } from './session-revocation.ts';

const MARKER = 'seeded';

export class LiveDirectory implements DirectoryRepository {
  readonly #store: RecordStore;
  readonly #secret: string;

  /**
   * `indexSecret` keys the HMAC that turns a CPR (and a dedicated MitID user ID) into an index key, so a dump of
   * the store reveals no CPR and cannot be reversed by enumerating the small CPR space.
   */
  constructor(store: RecordStore, indexSecret: string) {
    if (indexSecret.length < 16) throw new Error('the directory indexSecret must be at least 16 characters');
    this.#store = store;
    this.#secret = indexSecret;
  }

  #hmac(purpose: 'cpr' | 'mitid' | 'code' | 'activation', value: string): string {
    return createHmac('sha256', this.#secret).update(`${purpose}\u0000${value}`).digest('base64url');
  }

  cprKey(cpr: string): string {
    return this.#hmac('cpr', cpr);
  }

  // ---- the login's read side ----

  async getOrganisation(cvr: string): Promise<Organisation | undefined> {
    const record = await this.organisationRecord(cvr);
    return record && organisationView(record);
  }

  async listOrganisations(): Promise<Organisation[]> {
    return (await this.organisationRecords()).map(organisationView);
  }

  async getBusinessUser(uuid: string): Promise<BusinessUser | undefined> {
    const record = await this.userRecord(uuid);
    return record && businessUserView(record);
  }

  async getBusinessUserWithOrganisation(uuid: string): Promise<{ businessUser: BusinessUser; organisation?: Organisation } | undefined> {
    const record = await this.userRecord(uuid);
    if (!record) return undefined;
    const organisation = await this.getOrganisation(record.cvr);
    return { businessUser: businessUserView(record), organisation };
  }

  async findBusinessUsersByPersonCpr(cpr: string): Promise<BusinessUser[]> {
    const key = this.cprKey(cpr);
    const records = await this.#viaIndex('cpr', key, (record) => record.identity.kind === 'cpr' && record.identity.cprKey === key);
    return records.map((record) => businessUserView(record, cpr));
  }

  /** The business user an open activation (the ID in its link) belongs to. */
  async userRecordByActivation(activationId: string): Promise<BusinessUserRecord | undefined> {
    const [record] = await this.#viaIndex(
      'activation',
      this.#hmac('activation', activationId),
      (candidate) => candidate.activation?.id === activationId,
    );
    return record;
  }

  async findBusinessUsersByDedicatedMitId(mitidUuid: string): Promise<BusinessUser[]> {
    const records = await this.#viaIndex('mitid', this.#hmac('mitid', mitidUuid), (record) => mitIdsOf(record).includes(mitidUuid));
    return records.map((record) => businessUserView(record));
  }

  /** Index members are hints: each record found is re-checked, so a stale link never yields a wrong user. */
  async #viaIndex(index: IndexName, key: string, stillMatches: (record: BusinessUserRecord) => boolean): Promise<BusinessUserRecord[]> {
    const members = await this.#store.lookup(index, key);
    const records = await Promise.all(
      members.map(async (member) => {
        const [cvr, uuid] = member.split(':') as [string, string];
        const json = await this.#store.read(organisationScope(cvr), 'user', uuid);
        return json === undefined ? undefined : parseStored(businessUserRecordSchema, json, 'business user');
      }),
    );
    return records
      .filter((record): record is BusinessUserRecord => record !== undefined && stillMatches(record))
      .sort((a, b) => (a.uuid < b.uuid ? -1 : 1));
  }

  // ---- the administration's records ----

  async organisationRecord(cvr: string): Promise<OrganisationRecord | undefined> {
    const json = await this.#store.read(organisationScope(cvr), 'organisation', cvr);
    return json === undefined ? undefined : parseStored(organisationRecordSchema, json, 'organisation');
  }

  async organisationRecords(): Promise<OrganisationRecord[]> {
    const cvrs = (await this.#store.organisations()).sort();
    const records = await Promise.all(cvrs.map((cvr) => this.organisationRecord(cvr)));
    return records.filter((record): record is OrganisationRecord => record !== undefined);
  }

  async userRecord(uuid: string): Promise<BusinessUserRecord | undefined> {
    const cvr = await this.#store.ownerOf(uuid);
    if (cvr === undefined) return undefined;
    const json = await this.#store.read(organisationScope(cvr), 'user', uuid);
    return json === undefined ? undefined : parseStored(businessUserRecordSchema, json, 'business user');
  }

  async userRecordsOf(cvr: string): Promise<BusinessUserRecord[]> {
    const all = await this.#store.readAll(organisationScope(cvr), 'user');
    return all.map((json) => parseStored(businessUserRecordSchema, json, 'business user')).sort((a, b) => (a.uuid < b.uuid ? -1 : 1));
  }

  async rightRecord(urn: string): Promise<RightRecord | undefined> {
    const json = await this.#store.read('operator', 'right', urn);
    return json === undefined ? undefined : parseStored(rightRecordSchema, json, 'right');
  }

  async rightRecords(): Promise<RightRecord[]> {
    const all = await this.#store.readAll('operator', 'right');
    return all.map((json) => parseStored(rightRecordSchema, json, 'right')).sort((a, b) => (a.urn < b.urn ? -1 : 1));
  }

  async idempotentAnswer(scope: DirectoryScope, key: string): Promise<unknown> {
    const json = await this.#store.read(scope, 'idempotency', key);
    return json === undefined ? undefined : (JSON.parse(json) as { answer: unknown }).answer;
  }

  async commit(change: DirectoryChange): Promise<AuditEvent> {
    const writes: RecordWrite[] = change.changes.map((item) => this.#write(item));
    if (change.idempotency) {
      writes.push({
        kind: 'idempotency',
        id: change.idempotency.key,
        json: JSON.stringify({ answer: change.idempotency.answer, version: 1 }),
        expectedVersion: 0,
      });
    }
    const link: IndexLink[] = [];
    const unlink: IndexLink[] = [];
    const owners: { uuid: string; cvr: string }[] = [];
    let organisation: string | undefined;
    for (const item of change.changes) {
      if (item.kind === 'organisation' && !item.previous) organisation = item.record.cvr;
      if (item.kind !== 'user') continue;
      if (!item.previous) owners.push({ uuid: item.record.uuid, cvr: item.record.cvr });
      const member = `${item.record.cvr}:${item.record.uuid}`;
      const after = this.#indexKeysOf(item.record);
      const before = item.previous ? this.#indexKeysOf(item.previous) : [];
      for (const entry of after)
        if (!before.some((old) => old.index === entry.index && old.key === entry.key)) link.push({ ...entry, member });
      for (const entry of before)
        if (!after.some((now) => now.index === entry.index && now.key === entry.key)) unlink.push({ ...entry, member });
    }
    let sealed: AuditEvent | undefined;
    const outbox = change.outbox.map((message) => ({ id: message.id, json: JSON.stringify(message) }));
    if (change.revocation)
      outbox.push({ id: change.revocation.id, json: JSON.stringify(sessionRevocationSchema.parse(change.revocation)) });
    const result = await this.#store.commit({ scope: change.scope, writes, outbox, link, unlink, owners, organisation }, (head) => {
      sealed = sealEvent(change.scope, change.audit, head);
      return { json: JSON.stringify(sealed), head: { seq: sealed.seq, hash: sealed.hash } };
    });
    if (!result.committed) throw new VersionConflictError(result.conflict.kind, result.conflict.id);
    return sealed!;
  }

  #write(item: RecordChange): RecordWrite {
    const expectedVersion = item.previous?.version ?? 0;
    const id = item.kind === 'organisation' ? item.record.cvr : item.kind === 'user' ? item.record.uuid : item.record.urn;
    const schema =
      item.kind === 'organisation' ? organisationRecordSchema : item.kind === 'user' ? businessUserRecordSchema : rightRecordSchema;
    // Validated on the way in too: a command can never store what a read would refuse.
    const record = schema.parse({ ...item.record, version: expectedVersion + 1 });
    return { kind: item.kind, id, json: JSON.stringify(record), expectedVersion };
  }

  #indexKeysOf(
    record: Pick<BusinessUserRecord, 'identity' | 'dedicatedMitIds' | 'sharedMitIds' | 'activation'>,
  ): { index: IndexName; key: string }[] {
    const keys: { index: IndexName; key: string }[] = mitIdsOf(record).map((mitid) => ({
      index: 'mitid',
      key: this.#hmac('mitid', mitid),
    }));
    if (record.identity.kind === 'cpr') keys.push({ index: 'cpr', key: record.identity.cprKey });
    // Only an open activation is findable by its link.
    if (record.activation?.state === 'issued') keys.push({ index: 'activation', key: this.#hmac('activation', record.activation.id) });
    return keys;
  }

  async auditEvents(scope: DirectoryScope, from: number, limit: number): Promise<AuditEvent[]> {
    const all = await this.#store.auditEvents(scope, from, limit);
    return all.map((json) => parseStored(auditEventSchema, json, 'audit event'));
  }

  auditHead(scope: DirectoryScope): Promise<ChainHead> {
    return this.#store.auditHead(scope);
  }

  async auditScopes(): Promise<DirectoryScope[]> {
    return ((await this.#store.auditScopes()) as DirectoryScope[]).sort();
  }

  async outboxMessages(scope: DirectoryScope): Promise<OutboxMessage[]> {
    const all = (await this.#store.outbox(scope)).filter((json) => !isSessionRevocationJson(json));
    return all.map((json) => parseStored(outboxMessageSchema, json, 'outbox message')).sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  }

  async sessionRevocations(scope: DirectoryScope): Promise<SessionRevocation[]> {
    const all = (await this.#store.outbox(scope)).filter(isSessionRevocationJson);
    return all
      .map((json) => parseStored(sessionRevocationSchema, json, 'session revocation'))
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  }

  acknowledgeOutbox(scope: DirectoryScope, ids: readonly string[]): Promise<void> {
    return this.#store.removeOutbox(scope, ids);
  }

  /** The keyed hash of an activation code: kept instead of the code. */
  codeHash(code: string): string {
    return this.#hmac('code', code);
  }

  async isPresent(): Promise<boolean> {
    return (await this.#store.marker()) === MARKER;
  }

  async markPresent(): Promise<void> {
    await this.#store.setMarker(MARKER);
  }
}
