// Importing a directory world (the demo world, or `kontekst directory import FILE`): one atomic step per organisation, never overwriting.
import type { BusinessUserStatus } from '../../domain/directory.ts';
import type { BusinessUserRecord, OrganisationRecord, RightRecord, UserState } from '../../directory/records.ts';
import { organisationScope } from '../../directory/repository.ts';
import type { DirectoryWorld } from '../../directory/world.ts';
import { changedFields } from '../audit-diff.ts';
import { audit, authorize, commit, type AdminDeps, type Principal } from '../context.ts';
import { AdminError } from '../errors.ts';
import { maskCpr } from '../rules.ts';

const STATE_OF: Record<BusinessUserStatus, UserState> = {
  active: 'active',
  pending: 'imported',
  blocked: 'deactivated',
  deleted: 'deleted',
};

export interface ImportReport {
  organisationsImported: number;
  organisationsSkipped: number;
  usersImported: number;
  rightsImported: number;
}

/**
 * Organisations (with their users) and catalogue rights already in the directory are left exactly as they are:
 * an import adds, it never overwrites what administrators changed. A dedicated MitID user ID belongs to the first
 * user listing it; later users share it (the world file does not say which means it has: the organisation's).
 */
export async function importDirectory(deps: AdminDeps, principal: Principal, world: DirectoryWorld): Promise<ImportReport> {
  const actor = await authorize(deps, principal, 'directory.import');
  const now = deps.now().toISOString();
  const report: ImportReport = { organisationsImported: 0, organisationsSkipped: 0, usersImported: 0, rightsImported: 0 };

  const catalogue = new Map<string, Omit<RightRecord, 'version'>>();
  for (const right of world.rights ?? []) catalogue.set(right.urn, { ...right, createdAt: now, updatedAt: now });
  for (const user of world.businessUsers) {
    for (const grant of user.privileges)
      for (const urn of grant.privileges)
        if (!catalogue.has(urn)) catalogue.set(urn, { urn, nameDa: urn, nameEn: urn, createdAt: now, updatedAt: now });
  }
  for (const right of catalogue.values()) {
    if (await deps.directory.rightRecord(right.urn)) continue;
    const added = await unlessRaced(
      commit(deps, {
        scope: 'operator',
        changes: [{ kind: 'right', record: right }],
        audit: audit(deps, actor, 'directory.import', { type: 'right', id: right.urn }, changedFields(undefined, right)),
        outbox: [],
      }),
    );
    if (added) report.rightsImported += 1;
  }

  const homeOf = new Map<string, string>();
  for (const user of world.businessUsers)
    for (const mitid of user.dedicatedMitIdUuids) if (!homeOf.has(mitid)) homeOf.set(mitid, user.uuid);

  for (const source of world.organisations) {
    if (await deps.directory.organisationRecord(source.cvr)) {
      report.organisationsSkipped += 1;
      continue;
    }
    const { cvr, name, status, ...settings } = source;
    const organisation: Omit<OrganisationRecord, 'version'> = { cvr, name, state: status, settings, createdAt: now, updatedAt: now };
    const users: Omit<BusinessUserRecord, 'version'>[] = [];
    for (const user of world.businessUsers.filter((candidate) => candidate.cvr === cvr)) {
      if (await deps.directory.userRecord(user.uuid)) continue;
      const record: Omit<BusinessUserRecord, 'version'> = {
        uuid: user.uuid,
        cvr,
        givenName: user.givenName,
        familyName: user.familyName,
        identity:
          user.personCpr === undefined
            ? { kind: 'birthdate', birthDate: user.birthDate! }
            : { kind: 'cpr', cprKey: deps.directory.cprKey(user.personCpr), cprMasked: maskCpr(user.personCpr) },
        state: STATE_OF[user.status],
        privateMitIdConsent: user.acceptedPrivateMitId ? 'accepted' : 'none',
        chosenMeans: [],
        dedicatedMitIds: user.dedicatedMitIdUuids
          .filter((mitid) => homeOf.get(mitid) === user.uuid)
          .map((userId) => ({ userId, means: settings.allowedMeans.map((type) => ({ type, state: 'active' as const })) })),
        sharedMitIds: user.dedicatedMitIdUuids.filter((mitid) => homeOf.get(mitid) !== user.uuid),
        roles: user.roles ?? [],
        rights: user.privileges.filter((grant) => grant.cvr === cvr).flatMap((grant) => grant.privileges),
        createdAt: now,
        updatedAt: now,
      };
      if (user.rid !== undefined) record.rid = user.rid;
      if (user.email !== undefined) record.email = user.email;
      users.push(record);
    }
    const added = await unlessRaced(
      commit(deps, {
        scope: organisationScope(cvr),
        changes: [{ kind: 'organisation', record: organisation }, ...users.map((record) => ({ kind: 'user' as const, record }))],
        audit: audit(
          deps,
          actor,
          'directory.import',
          { type: 'organisation', id: cvr },
          { ...changedFields(undefined, organisation), users: { before: null, after: users.map((user) => user.uuid) } },
        ),
        outbox: [],
      }),
    );
    if (!added) {
      report.organisationsSkipped += 1;
      continue;
    }
    report.organisationsImported += 1;
    report.usersImported += users.length;
  }
  await deps.directory.markPresent();
  return report;
}

/** Processes starting together on an empty directory seed together: whoever writes a record second just skips it. */
async function unlessRaced(write: Promise<void>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof AdminError && error.code === 'precondition_failed') return false;
    throw error;
  }
}
