// In-memory RecordStore for development and tests: one JavaScript turn per commit makes it atomic.
import { EMPTY_HEAD, type ChainHead } from './audit-chain.ts';
import type { CommitRequest, CommitResult, IndexName, RecordKind, RecordStore, SealAudit } from './record-store.ts';

interface Scope {
  records: Map<string, { json: string; version: number }>;
  audit: string[];
  head: ChainHead;
  outbox: Map<string, string>;
}

export class MemoryRecordStore implements RecordStore {
  readonly #scopes = new Map<string, Scope>();
  readonly #indexes = new Map<string, Set<string>>();
  readonly #owners = new Map<string, string>();
  readonly #organisations = new Set<string>();
  #marker: string | undefined;

  #scope(name: string): Scope {
    let scope = this.#scopes.get(name);
    if (!scope) {
      scope = { records: new Map(), audit: [], head: EMPTY_HEAD, outbox: new Map() };
      this.#scopes.set(name, scope);
    }
    return scope;
  }

  async read(scope: string, kind: RecordKind, id: string): Promise<string | undefined> {
    return this.#scopes.get(scope)?.records.get(`${kind}:${id}`)?.json;
  }

  async readAll(scope: string, kind: RecordKind): Promise<string[]> {
    const records = this.#scopes.get(scope)?.records ?? new Map();
    return [...records.entries()].filter(([field]) => field.startsWith(`${kind}:`)).map(([, record]) => record.json);
  }

  async commit(request: CommitRequest, seal: SealAudit): Promise<CommitResult> {
    const scope = this.#scope(request.scope);
    for (const write of request.writes) {
      const current = scope.records.get(`${write.kind}:${write.id}`)?.version ?? 0;
      if (current !== write.expectedVersion) return { committed: false, conflict: { kind: write.kind, id: write.id } };
    }
    for (const write of request.writes)
      scope.records.set(`${write.kind}:${write.id}`, { json: write.json, version: write.expectedVersion + 1 });
    const sealed = seal(scope.head);
    scope.audit.push(sealed.json);
    scope.head = sealed.head;
    for (const message of request.outbox) scope.outbox.set(message.id, message.json);
    for (const link of request.link) this.#index(link.index, link.key).add(link.member);
    for (const link of request.unlink) this.#index(link.index, link.key).delete(link.member);
    for (const owner of request.owners) this.#owners.set(owner.uuid, owner.cvr);
    if (request.organisation) this.#organisations.add(request.organisation);
    return { committed: true };
  }

  #index(index: IndexName, key: string): Set<string> {
    const name = `${index}:${key}`;
    let members = this.#indexes.get(name);
    if (!members) {
      members = new Set();
      this.#indexes.set(name, members);
    }
    return members;
  }

  async lookup(index: IndexName, key: string): Promise<string[]> {
    return [...(this.#indexes.get(`${index}:${key}`) ?? [])];
  }

  async ownerOf(uuid: string): Promise<string | undefined> {
    return this.#owners.get(uuid);
  }

  async organisations(): Promise<string[]> {
    return [...this.#organisations];
  }

  async auditEvents(scope: string, from: number, limit: number): Promise<string[]> {
    return (this.#scopes.get(scope)?.audit ?? []).slice(from, from + limit);
  }

  async auditHead(scope: string): Promise<ChainHead> {
    return this.#scopes.get(scope)?.head ?? EMPTY_HEAD;
  }

  async auditScopes(): Promise<string[]> {
    return [...this.#scopes.entries()].filter(([, scope]) => scope.audit.length > 0).map(([name]) => name);
  }

  async outbox(scope: string): Promise<string[]> {
    return [...(this.#scopes.get(scope)?.outbox.values() ?? [])];
  }

  async removeOutbox(scope: string, ids: readonly string[]): Promise<void> {
    const outbox = this.#scopes.get(scope)?.outbox;
    for (const id of ids) outbox?.delete(id);
  }

  async marker(): Promise<string | undefined> {
    return this.#marker;
  }

  async setMarker(value: string): Promise<void> {
    this.#marker = value;
  }

  /** Test hook: the raw audit list of a scope, to prove verification notices tampering. */
  tamperAudit(scope: string, edit: (events: string[]) => void): void {
    edit(this.#scope(scope).audit);
  }
}
