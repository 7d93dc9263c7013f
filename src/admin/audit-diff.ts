// Pure: the changed fields of a record, before and after, for an audit event — never the person identity (CPR hash or mask).
import type { AuditDraft } from '../directory/records.ts';

const NEVER_AUDITED = new Set(['identity', 'version', 'updatedAt', 'createdAt', 'activation']);

export function changedFields(before: object | undefined, after: object | undefined): AuditDraft['changes'] {
  const changes: AuditDraft['changes'] = {};
  const previous = (before ?? {}) as Record<string, unknown>;
  const next = (after ?? {}) as Record<string, unknown>;
  for (const field of new Set([...Object.keys(previous), ...Object.keys(next)])) {
    if (NEVER_AUDITED.has(field)) continue;
    if (JSON.stringify(previous[field]) === JSON.stringify(next[field])) continue;
    changes[field] = { before: previous[field] ?? null, after: next[field] ?? null };
  }
  return changes;
}
