// What a grant may hold: entitled scopes only, and only scopes the chosen context can serve (rules from the claims table).
import type { Grant } from 'oidc-provider';
import { foreignToContext, isEntitled } from '../contexts/claims-profile.ts';
import type { Entitlement } from '../contexts/claims-table.ts';
import type { IdentityType } from '../domain/context.ts';

export interface GrantRequest {
  type: IdentityType | undefined;
  entitlements: readonly Entitlement[];
  scopes: readonly string[];
  claims?: readonly string[];
  resourceScopes?: Record<string, readonly string[]>;
}

export function applyToGrant(grant: Grant, request: GrantRequest): void {
  const allowed = request.scopes.filter((scope) => isEntitled(scope, request.entitlements) && !foreignToContext(scope, request.type));
  const refused = request.scopes.filter((scope) => !allowed.includes(scope));
  if (allowed.length) grant.addOIDCScope(allowed.join(' '));
  // Refused, not just left out: otherwise the provider would ask for consent again and again, and the
  // token's scope string says only what is true for this context.
  if (refused.length) grant.rejectOIDCScope(refused.join(' '));
  if (request.claims?.length) grant.addOIDCClaims([...request.claims]);
  for (const [indicator, scopes] of Object.entries(request.resourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
}

/** Claim names asked for by the OIDC `claims` request parameter (both id_token and userinfo members). */
export function requestedClaimNames(claimsParameter: unknown): string[] {
  if (typeof claimsParameter !== 'string') return [];
  try {
    const parsed = JSON.parse(claimsParameter) as Record<string, Record<string, unknown> | undefined>;
    return [...new Set([...Object.keys(parsed.id_token ?? {}), ...Object.keys(parsed.userinfo ?? {})])];
  } catch {
    return [];
  }
}
