// Pure: the administration's invariants and state transitions; each answers with nothing (allowed) or an AdminError.
import type { Means } from '../domain/mitid.ts';
import type {
  ActivationState,
  BusinessUserRecord,
  ConsentState,
  OrganisationSettings,
  OrganisationState,
  UserState,
} from '../directory/records.ts';
import { AdminError } from './errors.ts';

const USER_TRANSITIONS: Readonly<Record<UserState, readonly UserState[]>> = {
  created: ['pending_activation', 'deleted'],
  imported: ['pending_activation', 'deleted'],
  pending_activation: ['active', 'deleted'],
  active: ['deactivated', 'deleted'],
  deactivated: ['active', 'deleted'],
  deleted: [],
};

const ORGANISATION_TRANSITIONS: Readonly<Record<OrganisationState, readonly OrganisationState[]>> = {
  pending_setup: ['connected', 'disconnected'],
  connected: ['disconnected'],
  disconnected: [],
};

const CONSENT_TRANSITIONS: Readonly<Record<ConsentState, readonly ConsentState[]>> = {
  none: ['accepted', 'declined'],
  accepted: ['withdrawn'],
  declined: [],
  withdrawn: [],
};

const _ACTIVATION_TRANSITIONS: Readonly<Record<ActivationState, readonly ActivationState[]>> = {
  issued: ['used', 'expired', 'revoked', 'locked'],
  used: [],
  expired: [],
  revoked: [],
  locked: [],
};

export function userTransitionAllowed(from: UserState, to: UserState): boolean {
  return USER_TRANSITIONS[from].includes(to);
}

export function organisationTransitionAllowed(from: OrganisationState, to: OrganisationState): boolean {
  return ORGANISATION_TRANSITIONS[from].includes(to);
}

export function consentTransitionAllowed(from: ConsentState, to: ConsentState): boolean {
  return CONSENT_TRANSITIONS[from].includes(to);
}

export function requireUserTransition(from: UserState, to: UserState): void {
  if (!userTransitionAllowed(from, to)) throw new AdminError('invalid_transition', `a ${from} business user cannot become ${to}`);
}

export function requireOrganisationTransition(from: OrganisationState, to: OrganisationState): void {
  if (!organisationTransitionAllowed(from, to)) throw new AdminError('invalid_transition', `a ${from} organisation cannot become ${to}`);
}

/** Holds the organisation administrator role in a way that counts: not deactivated, not deleted. */
export function countsAsOrganisationAdministrator(user: Pick<BusinessUserRecord, 'roles' | 'state'>): boolean {
  return user.roles.includes('organisation_administrator') && user.state !== 'deactivated' && user.state !== 'deleted';
}

/**
 * An organisation always keeps an organisation administrator: given its users and one user as a change would leave
 * it, refuse when the organisation had one before and would have none after.
 */
export function requireOrganisationAdministratorRemains(
  users: readonly Pick<BusinessUserRecord, 'uuid' | 'roles' | 'state'>[],
  changed: Pick<BusinessUserRecord, 'uuid' | 'roles' | 'state'>,
): void {
  const before = users.filter(countsAsOrganisationAdministrator).length;
  const after =
    users.filter((user) => user.uuid !== changed.uuid && countsAsOrganisationAdministrator(user)).length +
    (countsAsOrganisationAdministrator(changed) ? 1 : 0);
  if (before > 0 && after === 0)
    throw new AdminError('last_organisation_administrator', 'the organisation must keep at least one organisation administrator');
}

/** Exactly one of CPR and birth date identifies the person behind a business user. */
export function identityKindOf(input: { cpr?: string | undefined; birthDate?: string | undefined }): 'cpr' | 'birthdate' {
  const hasCpr = input.cpr !== undefined;
  const hasBirthDate = input.birthDate !== undefined;
  if (hasCpr === hasBirthDate)
    throw new AdminError('cpr_xor_birthdate', 'give exactly one of cpr and birthDate', hasCpr ? 'birthDate' : 'cpr');
  return hasCpr ? 'cpr' : 'birthdate';
}

export function requireMeansAllowed(settings: Pick<OrganisationSettings, 'allowedMeans'>, means: readonly Means[]): void {
  const refused = means.find((item) => !settings.allowedMeans.includes(item));
  if (refused !== undefined) throw new AdminError('means_not_allowed', `the organisation does not allow the means ${refused}`, 'means');
}

/** A dedicated user ID is shared only where both its own organisation and the other one allow sharing. */
export function sharingAllowed(
  home: Pick<OrganisationSettings, 'sharedMeansAllowed'>,
  other: Pick<OrganisationSettings, 'sharedMeansAllowed'>,
): boolean {
  return home.sharedMeansAllowed && other.sharedMeansAllowed;
}

/** The CPR shown to people: birth date part only (`DDMMYY-XXXX`). */
export function maskCpr(cpr: string): string {
  return `${cpr.slice(0, 6)}-XXXX`;
}
