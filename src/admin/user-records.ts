// Building business-user records and activations for commands: the CPR becomes its keyed hash and mask, a code its hash.
import { randomInt } from 'node:crypto';
import type { Means } from '../domain/mitid.ts';
import type { Activation, BusinessUserRecord, OrganisationRecord, OutboxMessage, PersonIdentity, Role } from '../directory/records.ts';
import type { AdminDeps } from './context.ts';
import { identityKindOf, maskCpr } from './rules.ts';
import type { CreateUserInput } from './schemas.ts';

const ACTIVATION_DAYS = 30;
const DAY_MS = 86_400_000;

export type NewUser = Omit<BusinessUserRecord, 'version'>;

export function personIdentity(deps: AdminDeps, input: { cpr?: string | undefined; birthDate?: string | undefined }): PersonIdentity {
  return identityKindOf(input) === 'cpr'
    ? { kind: 'cpr', cprKey: deps.directory.cprKey(input.cpr!), cprMasked: maskCpr(input.cpr!) }
    : { kind: 'birthdate', birthDate: input.birthDate! };
}

export function newUserRecord(
  deps: AdminDeps,
  cvr: string,
  input: CreateUserInput,
  extra: { state: 'created' | 'imported'; roles?: Role[] },
): NewUser {
  const now = deps.now().toISOString();
  const record: NewUser = {
    uuid: deps.newId(),
    cvr,
    givenName: input.givenName,
    familyName: input.familyName,
    email: input.email,
    identity: personIdentity(deps, input),
    state: extra.state,
    privateMitIdConsent: 'none',
    chosenMeans: input.means ?? [],
    dedicatedMitIds: [],
    sharedMitIds: [],
    roles: extra.roles ?? [],
    rights: [],
    createdAt: now,
    updatedAt: now,
  };
  if (input.phone !== undefined) record.phone = input.phone;
  if (input.rid !== undefined) record.rid = input.rid;
  return record;
}

export interface IssuedActivation {
  activation: Activation;
  /** The 8-digit code for a birth-date user: returned once to the user administrator, stored only hashed. */
  code?: string;
  /** The activation link e-mail (none without an e-mail address). */
  message?: OutboxMessage;
}

/** A CPR user confirms with private MitID; a birth-date user with a code handed over by the user administrator. */
export function newActivation(
  deps: AdminDeps,
  organisation: OrganisationRef,
  user: Pick<BusinessUserRecord, 'identity' | 'email' | 'givenName' | 'familyName'>,
): IssuedActivation {
  const now = deps.now();
  const id = deps.newId();
  const method = user.identity.kind === 'birthdate' ? 'code' : 'private_mitid';
  const code = method === 'code' ? String(randomInt(0, 100_000_000)).padStart(8, '0') : undefined;
  const activation: Activation = {
    id,
    method,
    state: 'issued',
    failedTries: 0,
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ACTIVATION_DAYS * DAY_MS).toISOString(),
  };
  if (code !== undefined) activation.codeHash = deps.directory.codeHash(code);
  const message = linkMessage(deps, 'activation_link', organisation, user, `${deps.publicUrl}/activation/${id}`, activation.expiresAt);
  return code === undefined ? { activation, ...(message ? { message } : {}) } : { activation, code, ...(message ? { message } : {}) };
}

type Recipient = Pick<BusinessUserRecord, 'email' | 'givenName' | 'familyName'>;
type OrganisationRef = Pick<OrganisationRecord, 'cvr' | 'name'>;

/** The common part of every e-mail to a business user; none when the user has no e-mail address. */
function envelope(deps: AdminDeps, user: Recipient) {
  if (!user.email) return undefined;
  const name = `${user.givenName} ${user.familyName}`.trim();
  return {
    id: deps.newId(),
    language: 'da' as const,
    createdAt: deps.now().toISOString(),
    recipient: { channel: 'email' as const, address: user.email, name },
  };
}

export function linkMessage(
  deps: AdminDeps,
  kind: 'setup_link' | 'activation_link',
  organisation: OrganisationRef,
  user: Recipient,
  link: string,
  expiresAt: string,
): OutboxMessage | undefined {
  const common = envelope(deps, user);
  return common && { ...common, kind, data: { organisationName: organisation.name, cvr: organisation.cvr, link, expiresAt } };
}

export function roleMessage(
  deps: AdminDeps,
  kind: 'role_granted' | 'role_removed',
  organisation: OrganisationRef,
  user: Recipient,
  role: Role,
): OutboxMessage | undefined {
  const common = envelope(deps, user);
  return common && { ...common, kind, data: { organisationName: organisation.name, cvr: organisation.cvr, role } };
}

export function meansBlockedMessage(
  deps: AdminDeps,
  organisation: OrganisationRef,
  user: Recipient,
  means: Means,
): OutboxMessage | undefined {
  const common = envelope(deps, user);
  return (
    common && {
      ...common,
      kind: 'means_blocked',
      data: { organisationName: organisation.name, cvr: organisation.cvr, means, blockedBy: 'administrator' },
    }
  );
}

export function deactivatedMessage(deps: AdminDeps, organisation: OrganisationRef, user: Recipient): OutboxMessage | undefined {
  const common = envelope(deps, user);
  return common && { ...common, kind: 'user_deactivated', data: { organisationName: organisation.name, cvr: organisation.cvr } };
}

/** The messages that exist (users without an e-mail address get none). */
export function messages(...candidates: (OutboxMessage | undefined)[]): OutboxMessage[] {
  return candidates.filter((message): message is OutboxMessage => message !== undefined);
}
