// Organisation commands: connect, list, read, change settings, disconnect.
import type { OrganisationRecord, OrganisationSettings } from '../../directory/records.ts';
import { organisationScope } from '../../directory/repository.ts';
import { changedFields } from '../audit-diff.ts';
import {
  audit,
  authorize,
  commit,
  endSessions,
  loadOrganisation,
  requireVersion,
  revocationFor,
  type AdminDeps,
  type Principal,
} from '../context.ts';
import type { SessionTarget } from '../ports.ts';
import { AdminError } from '../errors.ts';
import { requireOrganisationTransition } from '../rules.ts';
import type { ConnectOrganisationInput, SettingsPatch } from '../schemas.ts';
import { linkMessage, messages, newActivation, newUserRecord } from '../user-records.ts';
import { organisationOut, userOut } from '../views.ts';
import { idempotent } from './idempotency.ts';

const SETUP_DAYS = 60;

/** Until an organisation administrator chooses otherwise: no private MitID, every means, no sharing. */
export const DEFAULT_SETTINGS: OrganisationSettings = {
  privateMitIdAllowed: false,
  allowedMeans: ['app', 'code_display', 'code_reader', 'chip'],
  sharedMeansAllowed: false,
  requiredLoa: 'substantial',
};

/**
 * The operator connects an organisation and names its first organisation administrator. With settings it is
 * connected at once and the administrator gets an activation; without, it waits for the setup wizard (setup link).
 */
export async function connectOrganisation(deps: AdminDeps, principal: Principal, input: ConnectOrganisationInput, idempotencyKey?: string) {
  const actor = await authorize(deps, principal, 'organisations.connect');
  const scope = organisationScope(input.cvr);
  return idempotent(deps, principal, scope, 'organisations.connect', input, idempotencyKey, async (remember) => {
    if (await deps.directory.organisationRecord(input.cvr))
      throw new AdminError('already_exists', 'the organisation is already in the directory', 'cvr');
    const now = deps.now();
    const organisation: Omit<OrganisationRecord, 'version'> = {
      cvr: input.cvr,
      name: input.name,
      state: input.settings ? 'connected' : 'pending_setup',
      settings: input.settings ?? DEFAULT_SETTINGS,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    if (!input.settings) organisation.setupExpiresAt = new Date(now.getTime() + SETUP_DAYS * 86_400_000).toISOString();
    const administrator = newUserRecord(deps, input.cvr, input.administrator, { state: 'created', roles: ['organisation_administrator'] });
    const issued = newActivation(deps, organisation, administrator);
    const firstAdministrator = { ...administrator, state: 'pending_activation' as const, activation: issued.activation };
    // Without settings the same link opens the setup wizard first (the e-mail says so).
    const message = input.settings
      ? issued.message
      : linkMessage(
          deps,
          'setup_link',
          organisation,
          administrator,
          `${deps.publicUrl}/activation/${issued.activation.id}`,
          issued.activation.expiresAt,
        );
    const answer = {
      organisation: organisationOut({ ...organisation, version: 1 }),
      administrator: userOut({ ...firstAdministrator, version: 1 }),
    };
    await commit(deps, {
      scope,
      changes: [
        { kind: 'organisation', record: organisation },
        { kind: 'user', record: firstAdministrator },
      ],
      audit: audit(
        deps,
        actor,
        'organisations.connect',
        { type: 'organisation', id: input.cvr },
        {
          ...changedFields(undefined, organisation),
          firstAdministrator: { before: null, after: firstAdministrator.uuid },
        },
      ),
      outbox: messages(message),
      ...remember(answer),
    });
    return issued.code === undefined ? answer : { ...answer, code: issued.code };
  });
}

export async function listOrganisations(deps: AdminDeps, principal: Principal) {
  await authorize(deps, principal, 'organisations.list');
  return (await deps.directory.organisationRecords()).map(organisationOut);
}

export async function readOrganisation(deps: AdminDeps, principal: Principal, cvr: string) {
  await authorize(deps, principal, 'organisations.read', cvr);
  return organisationOut(await loadOrganisation(deps, cvr));
}

/** An organisation administrator's settings; the first settings of a pending_setup organisation connect it. */
export async function updateSettings(deps: AdminDeps, principal: Principal, cvr: string, patch: SettingsPatch, ifMatch?: number) {
  const actor = await authorize(deps, principal, 'organisations.settings', cvr);
  const before = await loadOrganisation(deps, cvr);
  requireVersion(before, ifMatch);
  if (before.state === 'disconnected') throw new AdminError('organisation_not_connected', 'the organisation is disconnected');
  const settings = { ...before.settings, ...patch };
  const { version: _version, setupExpiresAt: _expires, ...rest } = before;
  const after: Omit<OrganisationRecord, 'version'> = { ...rest, settings, state: 'connected', updatedAt: deps.now().toISOString() };
  // Disallowing private MitID or a means ends the sessions that relied on it (a session does not record its means:
  // a disallowed means ends every dedicated-MitID session).
  const privateNarrowed = before.settings.privateMitIdAllowed && !settings.privateMitIdAllowed;
  const meansNarrowed = before.settings.allowedMeans.some((means) => !settings.allowedMeans.includes(means));
  const via =
    privateNarrowed && meansNarrowed ? {} : privateNarrowed ? { via: 'private_mitid' as const } : { via: 'dedicated_mitid' as const };
  const scope = organisationScope(cvr);
  const revocation = privateNarrowed || meansNarrowed ? revocationFor(deps, await usersOf(deps, cvr, via)) : undefined;
  await commit(deps, {
    scope,
    changes: [{ kind: 'organisation', record: after, previous: before }],
    audit: audit(deps, actor, 'organisations.settings', { type: 'organisation', id: cvr }, changedFields(before.settings, settings)),
    outbox: [],
    ...(revocation ? { revocation } : {}),
  });
  const answer = organisationOut({ ...after, version: before.version + 1 });
  return revocation ? { ...answer, revocation: await endSessions(deps, { scope, revocation }) } : answer;
}

/** Final: the organisation's users are no longer offered and their sessions end. */
export async function disconnectOrganisation(deps: AdminDeps, principal: Principal, cvr: string, ifMatch?: number) {
  const actor = await authorize(deps, principal, 'organisations.disconnect', cvr);
  const before = await loadOrganisation(deps, cvr);
  requireVersion(before, ifMatch);
  requireOrganisationTransition(before.state, 'disconnected');
  const { version: _version, ...rest } = before;
  const after: Omit<OrganisationRecord, 'version'> = { ...rest, state: 'disconnected', updatedAt: deps.now().toISOString() };
  const scope = organisationScope(cvr);
  const revocation = revocationFor(deps, await usersOf(deps, cvr, {}));
  await commit(deps, {
    scope,
    changes: [{ kind: 'organisation', record: after, previous: before }],
    audit: audit(deps, actor, 'organisations.disconnect', { type: 'organisation', id: cvr }, changedFields(before, after)),
    outbox: [],
    ...(revocation ? { revocation } : {}),
  });
  const answer = organisationOut({ ...after, version: before.version + 1 });
  return { ...answer, revocation: await endSessions(deps, { scope, revocation }) };
}

/** Every user of the organisation that may have a session (deleted ones have none), as revocation targets. */
async function usersOf(deps: AdminDeps, cvr: string, narrowing: Pick<SessionTarget, 'via'>): Promise<SessionTarget[]> {
  return (await deps.directory.userRecordsOf(cvr))
    .filter((user) => user.state !== 'deleted')
    .map((user) => ({ businessUserUuid: user.uuid, cvr, ...narrowing }));
}
