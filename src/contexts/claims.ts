// Releasing claims: the values a subject has, narrowed to what the claims table lets this context, scopes and entitlements release.
import type { ActingContext } from '../domain/context.ts';
import type { BusinessUser, Organisation } from '../domain/directory.ts';
import type { Idp } from '../domain/mitid.ts';
import { CLAIMS_PROFILE } from './claims-profile.ts';
import type { Entitlement } from './claims-table.ts';

export interface PrivateSubject {
  type: 'private';
  mitidUuid: string;
  cpr: string;
  name: string;
  givenName: string;
  familyName: string;
  birthdate: string;
}

export interface ProfessionalSubject {
  type: 'professional';
  businessUser: BusinessUser;
  organisation: Organisation;
}

export interface ReleaseInput {
  context: ActingContext;
  scopes: readonly string[];
  entitlements: readonly Entitlement[];
  idp: Idp;
  subject: PrivateSubject | ProfessionalSubject;
}

export const PRIVILEGE_SCOPE_PREFIX = 'urn:dk:gov:saml:cvrNumberIdentifier:';

export interface PrivilegeClaim {
  scope: string;
  privileges: string[];
}

/** A release asked for something inconsistent (a programming error upstream); never shown to a person as-is. */
export class ClaimsReleaseError extends Error {
  readonly code = 'claims_context_mismatch';
  constructor(message: string) {
    super(message);
    this.name = 'ClaimsReleaseError';
  }
}

/**
 * The claims released for a context: identity_type, idp and the claims of the granted (and entitled) scopes.
 * The candidate holds every value the subject has; only the keys the claims table lets this context release for
 * these scopes survive, so a forgotten rule can at worst drop a claim, never leak one across contexts.
 */
export function releaseClaims(input: ReleaseInput): Record<string, unknown> {
  const candidate = input.context.type === 'private' ? privateCandidate(input) : professionalCandidate(input);
  const releasable = CLAIMS_PROFILE.releasable(input.context.type, input.scopes, input.entitlements);
  const released: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(candidate)) {
    if (value !== undefined && releasable.has(key)) released[key] = value;
  }
  return released;
}

function privateCandidate({ context, idp, subject }: ReleaseInput): Record<string, unknown> {
  if (context.type !== 'private' || subject.type !== 'private') {
    throw new ClaimsReleaseError('a private context needs a private subject');
  }
  // A dedicated business MitID can never act privately; refuse rather than label it.
  if (idp !== 'mitid') throw new ClaimsReleaseError('a private context can only come from private MitID');
  return {
    identity_type: 'private',
    idp,
    name: subject.name,
    given_name: subject.givenName,
    family_name: subject.familyName,
    birthdate: subject.birthdate,
    'mitid.uuid': subject.mitidUuid,
    'dk.cpr': subject.cpr,
  };
}

function professionalCandidate({ context, idp, subject }: ReleaseInput): Record<string, unknown> {
  if (context.type !== 'professional' || subject.type !== 'professional') {
    throw new ClaimsReleaseError('a professional context needs a professional subject');
  }
  const { businessUser: user, organisation: org } = subject;
  if (user.uuid !== context.businessUserUuid || user.cvr !== context.cvr || org.cvr !== context.cvr) {
    throw new ClaimsReleaseError('the business user and organisation do not match the context');
  }
  return {
    identity_type: 'professional',
    idp,
    name: user.name,
    given_name: user.givenName,
    family_name: user.familyName,
    email: user.email,
    'professional.uuid': user.uuid,
    'professional.cvr': org.cvr,
    'professional.org_name': org.name,
    'professional.rid': user.rid,
    'professional.privileges': privilegeClaims(user),
  };
}

function privilegeClaims(user: BusinessUser): PrivilegeClaim[] {
  return user.privileges.map((grant) => ({
    scope: `${PRIVILEGE_SCOPE_PREFIX}${grant.cvr}`,
    privileges: [...grant.privileges],
  }));
}
