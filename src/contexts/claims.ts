// The claims profile: which claims each scope names, and which claims a context releases — by per-context allow-lists.
import type { ActingContext } from '../domain/context.ts';
import type { BusinessUser, Organisation } from '../domain/directory.ts';
import type { Idp } from '../domain/mitid.ts';

/** Scope → claim names, for the provider's `claims` configuration. */
export const CLAIMS_BY_SCOPE = {
  openid: ['sub', 'identity_type', 'idp'],
  profile: ['name', 'given_name', 'family_name', 'birthdate'],
  email: ['email'],
  mitid: ['mitid.uuid'],
  cpr: ['dk.cpr'],
  professional: ['professional.uuid', 'professional.cvr', 'professional.org_name', 'professional.rid'],
  privileges: ['professional.privileges'],
} as const satisfies Record<string, readonly string[]>;

/**
 * The full `claims` configuration for oidc-provider: the scope map plus the claims the provider itself
 * issues regardless of scope (its defaults; replacing the config without them would drop sid/acr).
 */
export const PROVIDER_CLAIMS_CONFIG: Record<string, readonly string[] | null> = {
  acr: null,
  sid: null,
  auth_time: null,
  iss: null,
  ...CLAIMS_BY_SCOPE,
};

/** Everything a private context may ever release (besides the provider's sub/acr/amr/auth_time/sid). */
export const PRIVATE_CLAIMS = [
  'identity_type', 'idp', 'name', 'given_name', 'family_name', 'birthdate', 'mitid.uuid', 'dk.cpr',
] as const;

/** Everything a professional context may ever release. No dk.cpr, mitid.uuid or birthdate: never. */
export const PROFESSIONAL_CLAIMS = [
  'identity_type', 'idp', 'name', 'given_name', 'family_name', 'email',
  'professional.uuid', 'professional.cvr', 'professional.org_name', 'professional.rid', 'professional.privileges',
] as const;

/** What only an operator can grant a client: the scopes that release a person's national identifiers. */
export const ENTITLEMENTS = ['cpr', 'mitid'] as const;
export type Entitlement = (typeof ENTITLEMENTS)[number];

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
 * The claims released for a context: identity_type, idp and the claims of the granted scopes.
 * Whatever is assembled, only keys on the context's allow-list survive, so a forgotten branch
 * can at worst drop a claim, never leak one across contexts.
 */
export function releaseClaims(input: ReleaseInput): Record<string, unknown> {
  const candidate = input.context.type === 'private' ? privateCandidate(input) : professionalCandidate(input);
  const allowed: readonly string[] = input.context.type === 'private' ? PRIVATE_CLAIMS : PROFESSIONAL_CLAIMS;
  const released: Record<string, unknown> = {};
  for (const key of allowed) {
    if (candidate[key] !== undefined) released[key] = candidate[key];
  }
  return released;
}

function privateCandidate({ context, scopes, entitlements, idp, subject }: ReleaseInput): Record<string, unknown> {
  if (context.type !== 'private' || subject.type !== 'private') {
    throw new ClaimsReleaseError('a private context needs a private subject');
  }
  // A dedicated business MitID can never act privately; refuse rather than label it.
  if (idp !== 'mitid') throw new ClaimsReleaseError('a private context can only come from private MitID');
  const granted = new Set(scopes);
  const claims: Record<string, unknown> = { identity_type: 'private', idp };
  if (granted.has('profile')) {
    Object.assign(claims, {
      name: subject.name,
      given_name: subject.givenName,
      family_name: subject.familyName,
      birthdate: subject.birthdate,
    });
  }
  if (granted.has('mitid') && entitlements.includes('mitid')) claims['mitid.uuid'] = subject.mitidUuid;
  if (granted.has('cpr') && entitlements.includes('cpr')) claims['dk.cpr'] = subject.cpr;
  return claims;
}

function professionalCandidate({ context, scopes, idp, subject }: ReleaseInput): Record<string, unknown> {
  if (context.type !== 'professional' || subject.type !== 'professional') {
    throw new ClaimsReleaseError('a professional context needs a professional subject');
  }
  const { businessUser: user, organisation: org } = subject;
  if (user.uuid !== context.businessUserUuid || user.cvr !== context.cvr || org.cvr !== context.cvr) {
    throw new ClaimsReleaseError('the business user and organisation do not match the context');
  }
  const granted = new Set(scopes);
  const claims: Record<string, unknown> = { identity_type: 'professional', idp };
  if (granted.has('profile')) {
    Object.assign(claims, { name: user.name, given_name: user.givenName, family_name: user.familyName });
  }
  if (granted.has('email') && user.email) claims.email = user.email;
  if (granted.has('professional')) {
    Object.assign(claims, {
      'professional.uuid': user.uuid,
      'professional.cvr': org.cvr,
      'professional.org_name': org.name,
      'professional.rid': user.rid,
    });
  }
  if (granted.has('privileges')) claims['professional.privileges'] = privilegeClaims(user);
  return claims;
}

function privilegeClaims(user: BusinessUser): PrivilegeClaim[] {
  return user.privileges.map((grant) => ({
    scope: `${PRIVILEGE_SCOPE_PREFIX}${grant.cvr}`,
    privileges: [...grant.privileges],
  }));
}
