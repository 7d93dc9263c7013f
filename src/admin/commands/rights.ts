// Rights: the operator's catalogue (URN, Danish and English name) and a rights administrator's assignments.
import type { BusinessUserRecord, RightRecord } from '../../directory/records.ts';
import { audit, authorize, commit, loadUser, requireVersion, type AdminDeps, type Principal } from '../context.ts';
import { AdminError } from '../errors.ts';
import type { RightInput } from '../schemas.ts';
import { rightOut } from '../views.ts';
import { idempotent } from './idempotency.ts';
import { write } from './users.ts';

export async function addRight(deps: AdminDeps, principal: Principal, input: RightInput, idempotencyKey?: string) {
  const actor = await authorize(deps, principal, 'rights.catalogue.add');
  return idempotent(deps, principal, 'operator', 'rights.catalogue.add', input, idempotencyKey, async (remember) => {
    if (await deps.directory.rightRecord(input.urn)) throw new AdminError('already_exists', 'the catalogue already has this right', 'urn');
    const now = deps.now().toISOString();
    const record: Omit<RightRecord, 'version'> = { ...input, createdAt: now, updatedAt: now };
    const answer = rightOut({ ...record, version: 1 });
    await commit(deps, {
      scope: 'operator',
      changes: [{ kind: 'right', record }],
      audit: audit(
        deps,
        actor,
        'rights.catalogue.add',
        { type: 'right', id: input.urn },
        { nameDa: { before: null, after: input.nameDa }, nameEn: { before: null, after: input.nameEn } },
      ),
      outbox: [],
      ...remember(answer),
    });
    return answer;
  });
}

export async function listRights(deps: AdminDeps, principal: Principal) {
  await authorize(deps, principal, 'rights.catalogue.list');
  return (await deps.directory.rightRecords()).map(rightOut);
}

export async function assignRight(deps: AdminDeps, principal: Principal, cvr: string, uuid: string, urn: string, ifMatch?: number) {
  const actor = await authorize(deps, principal, 'rights.assign', cvr);
  const before = await loadUser(deps, cvr, uuid);
  requireVersion(before, ifMatch);
  if (!(await deps.directory.rightRecord(urn))) throw new AdminError('unknown_right', 'the catalogue has no such right', 'urn');
  if (before.state === 'deleted') throw new AdminError('invalid_transition', 'a deleted business user cannot hold a right');
  if (before.rights.includes(urn)) throw new AdminError('already_exists', 'the user already holds this right', 'urn');
  const { version: _version, ...rest } = before;
  const after: Omit<BusinessUserRecord, 'version'> = {
    ...rest,
    rights: [...before.rights, urn].sort(),
    updatedAt: deps.now().toISOString(),
  };
  return write(deps, actor, 'rights.assign', before, after, []);
}

export async function removeRight(deps: AdminDeps, principal: Principal, cvr: string, uuid: string, urn: string, ifMatch?: number) {
  const actor = await authorize(deps, principal, 'rights.remove', cvr);
  const before = await loadUser(deps, cvr, uuid);
  requireVersion(before, ifMatch);
  if (!before.rights.includes(urn)) throw new AdminError('not_found', 'the user does not hold this right');
  const { version: _version, ...rest } = before;
  const after: Omit<BusinessUserRecord, 'version'> = {
    ...rest,
    rights: before.rights.filter((held) => held !== urn),
    updatedAt: deps.now().toISOString(),
  };
  return write(deps, actor, 'rights.remove', before, after, []);
}
