// Audit commands: a chain read by cursor, exported as JSON lines, and verified (a changed or missing event is found).
import { verifyChain, type ChainVerdict } from '../../directory/audit-chain.ts';
import type { AuditEvent } from '../../directory/records.ts';
import { organisationScope, type DirectoryRepository, type DirectoryScope } from '../../directory/repository.ts';
import { authorize, type AdminDeps, type Principal } from '../context.ts';

const PAGE = 500;

/** `scope` is a CVR or `operator`; an organisation administrator reads only their own organisation's chain. */
export async function listAudit(
  deps: AdminDeps,
  principal: Principal,
  scope: string,
  query: { cursor?: string | undefined; limit: number },
) {
  await authorize(deps, principal, 'audit.read', scope === 'operator' ? '' : scope);
  const from = query.cursor === undefined ? 0 : Number(query.cursor);
  const items = await deps.directory.auditEvents(scopeOf(scope), from, query.limit + 1);
  const more = items.length > query.limit;
  return { items: items.slice(0, query.limit), ...(more ? { nextCursor: String(from + query.limit) } : {}) };
}

export async function exportAudit(deps: AdminDeps, principal: Principal, scope: string): Promise<string> {
  await authorize(deps, principal, 'audit.read', scope === 'operator' ? '' : scope);
  return `${(await allEvents(deps.directory, scopeOf(scope))).map((event) => JSON.stringify(event)).join('\n')}\n`;
}

export function scopeOf(scope: string): DirectoryScope {
  return scope === 'operator' ? 'operator' : organisationScope(scope);
}

export async function allEvents(directory: DirectoryRepository, scope: DirectoryScope): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  for (;;) {
    const page = await directory.auditEvents(scope, events.length, PAGE);
    events.push(...page);
    if (page.length < PAGE) return events;
  }
}

/** Verifies every chain (or one); for the operator CLI, which reads storage directly. */
export async function verifyAudit(
  directory: DirectoryRepository,
  only?: DirectoryScope,
): Promise<{ scope: DirectoryScope; verdict: ChainVerdict }[]> {
  const scopes = only ? [only] : await directory.auditScopes();
  return Promise.all(
    scopes.map(async (scope) => ({ scope, verdict: verifyChain(await allEvents(directory, scope), await directory.auditHead(scope)) })),
  );
}
