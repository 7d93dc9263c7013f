// The claims table: per scope, the claims it releases in each context, the entitlement it needs and its consent labels.
import type { IdentityType } from '../domain/context.ts';

/** What only an operator can grant a client: the scopes that release a person's national identifiers. */
export const ENTITLEMENTS = ['cpr', 'mitid'] as const;
export type Entitlement = (typeof ENTITLEMENTS)[number];

/** A key of the page catalogue (http/i18n.ts) naming a claim on the consent page; a test checks both languages hold it. */
export type ClaimLabelKey = `claim.${string}`;

export interface ScopeRow {
  /** Claims the scope releases, per context. An empty list: the scope is foreign to that context, refused in its grants. */
  claims: Readonly<Record<IdentityType, readonly string[]>>;
  /** The client must hold this entitlement (set by the operator) for the scope to be granted at all. */
  entitlement?: Entitlement;
  /** What the consent page lists for this scope, per context, in this order. */
  consentLabels: Readonly<Record<IdentityType, readonly ClaimLabelKey[]>>;
}

/** Scope → row. `openid` is always part of a release and its labels are always on the consent page. */
export type ClaimsTable = Readonly<Record<string, ScopeRow>> & { readonly openid: ScopeRow };

const NAME = ['name', 'given_name', 'family_name'] as const;

/**
 * Kontekst's claims profile. Adding a claim is a change here (plus its label in the catalogue): the provider's claims
 * configuration, the per-context allow-lists, the grant rules and the consent list are derived (claims-profile.ts).
 * A professional context never releases dk.cpr, mitid.uuid or birthdate; a private one nothing professional.
 */
export const CLAIMS_TABLE = {
  openid: {
    claims: { private: ['identity_type', 'idp'], professional: ['identity_type', 'idp'] },
    consentLabels: { private: ['claim.identity'], professional: ['claim.identity'] },
  },
  profile: {
    claims: { private: [...NAME, 'birthdate'], professional: NAME },
    consentLabels: { private: ['claim.name', 'claim.birthdate'], professional: ['claim.name'] },
  },
  email: {
    claims: { private: [], professional: ['email'] },
    consentLabels: { private: [], professional: ['claim.email'] },
  },
  mitid: {
    claims: { private: ['mitid.uuid'], professional: [] },
    entitlement: 'mitid',
    consentLabels: { private: ['claim.mitid.uuid'], professional: [] },
  },
  cpr: {
    claims: { private: ['dk.cpr'], professional: [] },
    entitlement: 'cpr',
    consentLabels: { private: ['claim.dk.cpr'], professional: [] },
  },
  professional: {
    claims: { private: [], professional: ['professional.uuid', 'professional.cvr', 'professional.org_name', 'professional.rid'] },
    consentLabels: { private: [], professional: ['claim.professional'] },
  },
  privileges: {
    claims: { private: [], professional: ['professional.privileges'] },
    consentLabels: { private: [], professional: ['claim.professional.privileges'] },
  },
} as const satisfies ClaimsTable;
