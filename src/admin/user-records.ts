// Building business-user records and activations for commands: the CPR becomes its keyed hash and mask, a code its hash.
import { randomInt } from 'node:crypto';
import type { Activation, BusinessUserRecord, OutboxMessage, PersonIdentity, Role } from '../directory/records.ts';
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

export function newUserRecord(deps: AdminDeps, cvr: string, input: CreateUserInput, extra: { state: 'created' | 'imported'; roles?: Role[] }): NewUser {
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
  message: OutboxMessage;
}

/** A CPR user confirms with private MitID; a birth-date user with a code handed over by the user administrator. */
export function newActivation(deps: AdminDeps, user: Pick<BusinessUserRecord, 'identity' | 'email' | 'givenName'>): IssuedActivation {
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
  const message = outboxMessage(deps, 'activation_link', user.email ?? '', { givenName: user.givenName, link: `${deps.publicUrl}/activation/${id}` });
  return code === undefined ? { activation, message } : { activation, code, message };
}

export function outboxMessage(deps: AdminDeps, kind: OutboxMessage['kind'], to: string, data: Record<string, string>): OutboxMessage {
  return { id: deps.newId(), kind, to, data, state: 'pending', attempts: 0, createdAt: deps.now().toISOString() };
}
