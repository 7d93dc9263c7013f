// Business-user commands: list, read, create, update, deactivate, reactivate, delete.
import type { BusinessUserRecord, UserState } from '../../directory/records.ts';
import { organisationScope } from '../../directory/repository.ts';
import { changedFields } from '../audit-diff.ts';
import {
  audit,
  authorize,
  commit,
  endSessions,
  loadOrganisation,
  loadUser,
  requireVersion,
  revocationFor,
  type AdminDeps,
  type Principal,
} from '../context.ts';
import type { SessionRevocation } from '../../directory/session-revocation.ts';
import { AdminError } from '../errors.ts';
import { requireMeansAllowed, requireOrganisationAdministratorRemains, requireUserTransition } from '../rules.ts';
import type { CreateUserInput, UpdateUserInput } from '../schemas.ts';
import { deactivatedMessage, messages, newUserRecord } from '../user-records.ts';
import type { OutboxMessage } from '../../directory/records.ts';
import { userOut } from '../views.ts';
import { idempotent } from './idempotency.ts';

/** Cursor pagination in UUID order: the cursor is the last UUID of the page before. */
export async function listUsers(
  deps: AdminDeps,
  principal: Principal,
  cvr: string,
  query: { state?: UserState | undefined; cursor?: string | undefined; limit: number },
) {
  await authorize(deps, principal, 'users.list', cvr);
  await loadOrganisation(deps, cvr);
  const all = (await deps.directory.userRecordsOf(cvr)).filter((user) => query.state === undefined || user.state === query.state);
  const start = query.cursor === undefined ? 0 : all.findIndex((user) => user.uuid > query.cursor!);
  const page = start === -1 ? [] : all.slice(start, start + query.limit);
  const more = start !== -1 && start + query.limit < all.length;
  return { items: page.map(userOut), ...(more ? { nextCursor: page.at(-1)!.uuid } : {}) };
}

export async function readUser(deps: AdminDeps, principal: Principal, cvr: string, uuid: string) {
  await authorize(deps, principal, 'users.read', cvr);
  return userOut(await loadUser(deps, cvr, uuid));
}

export async function createUser(deps: AdminDeps, principal: Principal, cvr: string, input: CreateUserInput, idempotencyKey?: string) {
  const actor = await authorize(deps, principal, 'users.create', cvr);
  const organisation = await loadOrganisation(deps, cvr);
  return idempotent(deps, principal, organisationScope(cvr), 'users.create', { cvr, input }, idempotencyKey, async (remember) => {
    if (organisation.state === 'disconnected') throw new AdminError('organisation_not_connected', 'the organisation is disconnected');
    requireMeansAllowed(organisation.settings, input.means ?? []);
    const record = newUserRecord(deps, cvr, input, { state: 'created' });
    const answer = userOut({ ...record, version: 1 });
    await commit(deps, {
      scope: organisationScope(cvr),
      changes: [{ kind: 'user', record }],
      audit: audit(
        deps,
        actor,
        'users.create',
        { type: 'business_user', id: record.uuid },
        { ...changedFields(undefined, record), identity: { before: null, after: record.identity.kind } },
      ),
      outbox: [],
      ...remember(answer),
    });
    return answer;
  });
}

export async function updateUser(
  deps: AdminDeps,
  principal: Principal,
  cvr: string,
  uuid: string,
  input: UpdateUserInput,
  ifMatch?: number,
) {
  const actor = await authorize(deps, principal, 'users.update', cvr);
  const organisation = await loadOrganisation(deps, cvr);
  const before = await loadUser(deps, cvr, uuid);
  requireVersion(before, ifMatch);
  if (before.state === 'deleted') throw new AdminError('invalid_transition', 'a deleted business user cannot be changed');
  if (input.means) requireMeansAllowed(organisation.settings, input.means);
  const { version: _version, ...after } = before;
  if (input.givenName !== undefined) after.givenName = input.givenName;
  if (input.familyName !== undefined) after.familyName = input.familyName;
  if (input.email !== undefined) after.email = input.email;
  if (input.phone === null) delete after.phone;
  else if (input.phone !== undefined) after.phone = input.phone;
  if (input.means !== undefined) after.chosenMeans = input.means;
  after.updatedAt = deps.now().toISOString();
  return write(deps, actor, 'users.update', before, after, []);
}

/** Moves a user to another state (deactivate, reactivate, delete), keeping an organisation administrator. */
async function transition(
  deps: AdminDeps,
  principal: Principal,
  command: 'users.deactivate' | 'users.reactivate' | 'users.delete',
  cvr: string,
  uuid: string,
  to: UserState,
  ifMatch?: number,
) {
  const actor = await authorize(deps, principal, command, cvr);
  const before = await loadUser(deps, cvr, uuid);
  requireVersion(before, ifMatch);
  requireUserTransition(before.state, to);
  const { version: _version, ...rest } = before;
  let after: Omit<BusinessUserRecord, 'version'> = { ...rest, state: to, updatedAt: deps.now().toISOString() };
  // A tombstone keeps who it was for the audit log, not how to reach or identify the person.
  if (to === 'deleted') {
    const { email: _email, phone: _phone, activation: _activation, ...kept } = after;
    after = { ...kept, identity: { kind: 'erased' }, dedicatedMitIds: [], sharedMitIds: [], roles: [], rights: [] };
  }
  requireOrganisationAdministratorRemains(await deps.directory.userRecordsOf(cvr), after);
  const outbox = to === 'deactivated' ? messages(deactivatedMessage(deps, await loadOrganisation(deps, cvr), before)) : [];
  const revocation = to === 'active' ? undefined : revocationFor(deps, [{ businessUserUuid: uuid, cvr }]);
  const answer = await write(deps, actor, command, before, after, outbox, revocation);
  return revocation ? { ...answer, revocation: await endSessions(deps, { scope: organisationScope(cvr), revocation }) } : answer;
}

export const deactivateUser = (deps: AdminDeps, principal: Principal, cvr: string, uuid: string, ifMatch?: number) =>
  transition(deps, principal, 'users.deactivate', cvr, uuid, 'deactivated', ifMatch);
export const reactivateUser = (deps: AdminDeps, principal: Principal, cvr: string, uuid: string, ifMatch?: number) =>
  transition(deps, principal, 'users.reactivate', cvr, uuid, 'active', ifMatch);
export const deleteUser = (deps: AdminDeps, principal: Principal, cvr: string, uuid: string, ifMatch?: number) =>
  transition(deps, principal, 'users.delete', cvr, uuid, 'deleted', ifMatch);

/** One user record changed: record + audit event (+ outbox, + revocation work) in one step; answers the stored view. */
export async function write(
  deps: AdminDeps,
  actor: Parameters<typeof audit>[1],
  action: string,
  before: BusinessUserRecord,
  after: Omit<BusinessUserRecord, 'version'>,
  outbox: OutboxMessage[],
  revocation?: SessionRevocation,
) {
  await commit(deps, {
    scope: organisationScope(before.cvr),
    changes: [{ kind: 'user', record: after, previous: before }],
    audit: audit(deps, actor, action, { type: 'business_user', id: before.uuid }, changedFields(before, after)),
    outbox,
    ...(revocation ? { revocation } : {}),
  });
  return userOut({ ...after, version: before.version + 1 });
}
