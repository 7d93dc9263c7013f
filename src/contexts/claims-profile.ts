// Everything derived from a claims table: scope → claims, per-context allow-lists, entitlement and context rules, consent labels.
import { IDENTITY_TYPES, type IdentityType } from '../domain/context.ts';
import { CLAIMS_TABLE, type ClaimLabelKey, type ClaimsTable, type Entitlement } from './claims-table.ts';

export interface ClaimsProfile {
  /** Scope → every claim it names (any context): what the provider's claims configuration lists. */
  claimsByScope: Readonly<Record<string, readonly string[]>>;
  /** Everything a context may ever release (besides the provider's own sub/acr/amr/auth_time/sid). */
  allowList: Readonly<Record<IdentityType, readonly string[]>>;
  /** Whether the client's entitlements allow the scope (a scope without an entitlement in the table always is). */
  isEntitled(scope: string, entitlements: readonly Entitlement[]): boolean;
  /** A scope the context can never serve (a professional scope in a private context, or the other way round). */
  foreignToContext(scope: string, type: IdentityType | undefined): boolean;
  /** The claims a release in this context may hold for these granted scopes and entitlements. */
  releasable(type: IdentityType, scopes: readonly string[], entitlements: readonly Entitlement[]): ReadonlySet<string>;
  /** The consent page's list for these scopes in this context: openid's labels first, then each grantable scope's. */
  consentLabels(type: IdentityType, scopes: readonly string[], entitlements: readonly Entitlement[]): ClaimLabelKey[];
}

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

export function deriveClaimsProfile(table: ClaimsTable): ClaimsProfile {
  const rowOf = (scope: string) => (Object.hasOwn(table, scope) ? table[scope] : undefined);
  const rows = Object.values(table);
  const claimsByScope = Object.fromEntries(
    Object.entries(table).map(([scope, row]) => [scope, unique(IDENTITY_TYPES.flatMap((type) => row.claims[type]))]),
  );
  const allowList = Object.fromEntries(IDENTITY_TYPES.map((type) => [type, unique(rows.flatMap((row) => row.claims[type]))])) as Record<
    IdentityType,
    string[]
  >;
  const isEntitled = (scope: string, entitlements: readonly Entitlement[]) => {
    const needed = rowOf(scope)?.entitlement;
    return !needed || entitlements.includes(needed);
  };
  // Without a known context, a scope that either context cannot serve is refused: the stricter reading.
  const foreignToContext = (scope: string, type: IdentityType | undefined) => {
    const row = rowOf(scope);
    return row !== undefined && (type === undefined ? IDENTITY_TYPES : [type]).some((each) => row.claims[each].length === 0);
  };
  const grantable = (type: IdentityType, scopes: readonly string[], entitlements: readonly Entitlement[]) =>
    unique(['openid', ...scopes]).filter((scope) => isEntitled(scope, entitlements) && !foreignToContext(scope, type));
  return {
    claimsByScope,
    allowList,
    isEntitled,
    foreignToContext,
    releasable: (type, scopes, entitlements) =>
      new Set(grantable(type, scopes, entitlements).flatMap((scope) => rowOf(scope)?.claims[type] ?? [])),
    consentLabels: (type, scopes, entitlements) =>
      unique(grantable(type, scopes, entitlements).flatMap((scope) => rowOf(scope)?.consentLabels[type] ?? [])),
  };
}

/** Kontekst's profile, derived once from its table. */
export const CLAIMS_PROFILE: ClaimsProfile = deriveClaimsProfile(CLAIMS_TABLE);

/** Scope → claim names (as the table's scopes, typed), for the provider configuration and the `claims` parameter. */
export const CLAIMS_BY_SCOPE = CLAIMS_PROFILE.claimsByScope as Readonly<Record<keyof typeof CLAIMS_TABLE, readonly string[]>>;
export const PRIVATE_CLAIMS = CLAIMS_PROFILE.allowList.private;
export const PROFESSIONAL_CLAIMS = CLAIMS_PROFILE.allowList.professional;
export const { isEntitled, foreignToContext } = CLAIMS_PROFILE;
