// Role commands: an organisation administrator grants and revokes administrator roles (never leaving the organisation without one).
import type { BusinessUserRecord, Role } from '../../directory/records.ts';
import { ADMIN_CONSOLE_CLIENT_ID } from '../../domain/admin-api.ts';
import { organisationScope } from '../../directory/repository.ts';
import {
  authorize,
  endSessions,
  loadOrganisation,
  loadUser,
  requireVersion,
  revocationFor,
  type AdminDeps,
  type Principal,
} from '../context.ts';
import { AdminError } from '../errors.ts';
import { requireOrganisationAdministratorRemains } from '../rules.ts';
import { messages, roleMessage } from '../user-records.ts';
import { write } from './users.ts';

export async function grantRole(deps: AdminDeps, principal: Principal, cvr: string, uuid: string, role: Role, ifMatch?: number) {
  const actor = await authorize(deps, principal, 'roles.grant', cvr);
  const before = await loadUser(deps, cvr, uuid);
  requireVersion(before, ifMatch);
  if (before.state === 'deleted') throw new AdminError('invalid_transition', 'a deleted business user cannot hold a role');
  if (before.roles.includes(role)) throw new AdminError('already_exists', 'the user already holds this role', 'role');
  const { version: _version, ...rest } = before;
  const after: Omit<BusinessUserRecord, 'version'> = {
    ...rest,
    roles: [...before.roles, role].sort(),
    updatedAt: deps.now().toISOString(),
  };
  const outbox = messages(roleMessage(deps, 'role_granted', await loadOrganisation(deps, cvr), before, role));
  return write(deps, actor, 'roles.grant', before, after, outbox);
}

export async function revokeRole(deps: AdminDeps, principal: Principal, cvr: string, uuid: string, role: Role, ifMatch?: number) {
  const actor = await authorize(deps, principal, 'roles.revoke', cvr);
  const before = await loadUser(deps, cvr, uuid);
  requireVersion(before, ifMatch);
  if (!before.roles.includes(role)) throw new AdminError('not_found', 'the user does not hold this role');
  const { version: _version, ...rest } = before;
  const after: Omit<BusinessUserRecord, 'version'> = {
    ...rest,
    roles: before.roles.filter((held) => held !== role),
    updatedAt: deps.now().toISOString(),
  };
  requireOrganisationAdministratorRemains(await deps.directory.userRecordsOf(cvr), after);
  const outbox = messages(roleMessage(deps, 'role_removed', await loadOrganisation(deps, cvr), before, role));
  // Roles are read afresh on every admin command; ending the console's part of the sessions makes the change visible
  // at once there too (the user's logins at other relying parties stay).
  const revocation = revocationFor(deps, [{ businessUserUuid: uuid, cvr, onlyClient: ADMIN_CONSOLE_CLIENT_ID }]);
  const answer = await write(deps, actor, 'roles.revoke', before, after, outbox, revocation);
  return { ...answer, revocation: await endSessions(deps, { scope: organisationScope(cvr), revocation }) };
}
