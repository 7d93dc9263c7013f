// Test model of committing a plan: what the import job will do to the directory, on plain ExistingUser data.
import { createHash } from 'node:crypto';
import type { ExistingUser, RowDecision } from '../../../src/admin/import/planner.ts';

/** Stands in for the directory's keyed CPR digest. */
export const cprKey = (cpr: string): string => createHash('sha256').update(`test-key:${cpr}`).digest('base64url');

/** The users after committing `decisions`: creates added (fresh UUIDs), updates applied field by field. */
export function applyDecisions(existing: readonly ExistingUser[], decisions: readonly RowDecision[]): ExistingUser[] {
  const users = new Map(existing.map((user) => [user.uuid, { ...user }]));
  let next = 0;
  for (const decision of decisions) {
    if (decision.kind === 'create') {
      const { row } = decision;
      const uuid = `created-${next++}`;
      users.set(uuid, {
        uuid,
        ...(row.rid !== undefined ? { rid: row.rid } : {}),
        ...(row.externalId !== undefined ? { externalId: row.externalId } : {}),
        givenName: row.givenName,
        familyName: row.familyName,
        email: row.email,
        identity: row.identity.kind === 'cpr' ? { kind: 'cpr', cprKey: cprKey(row.identity.cpr) } : row.identity,
        roles: row.roles ?? [],
        rights: row.rights ?? [],
      });
    }
    if (decision.kind === 'update') {
      const user = users.get(decision.uuid)!;
      const { row } = decision;
      for (const field of decision.fields) {
        if (field === 'given_name') user.givenName = row.givenName;
        if (field === 'family_name') user.familyName = row.familyName;
        if (field === 'email') user.email = row.email;
        if (field === 'external_id') user.externalId = row.externalId;
        if (field === 'roles') user.roles = row.roles!;
        if (field === 'rights') user.rights = row.rights!;
      }
    }
  }
  return [...users.values()];
}

/** The decisions that would write something. */
export const changes = (decisions: readonly RowDecision[]) => decisions.filter((decision) => decision.kind === 'create' || decision.kind === 'update');
