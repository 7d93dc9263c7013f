// The provider's claims and scopes configuration, derived from a claims profile (contexts/claims-profile.ts).
import type { Configuration } from 'oidc-provider';
import type { ClaimsProfile } from '../contexts/claims-profile.ts';

/** Claims the provider itself issues; acr, amr and auth_time belong to every login, not only when a client asks. */
const PROVIDER_ISSUED = ['acr', 'amr', 'sid', 'auth_time', 'iss'] as const;
const LOGIN_CLAIMS = ['acr', 'amr', 'auth_time'] as const;

export function providerClaims(profile: ClaimsProfile): NonNullable<Configuration['claims']> {
  const claims: NonNullable<Configuration['claims']> = Object.fromEntries(PROVIDER_ISSUED.map((claim) => [claim, null]));
  for (const [scope, names] of Object.entries(profile.claimsByScope)) claims[scope] = [...names];
  claims['openid'] = ['sub', ...(profile.claimsByScope['openid'] ?? []), ...LOGIN_CLAIMS];
  return claims;
}

/** Every scope of the profile, plus offline_access for refresh tokens. */
export function providerScopes(profile: ClaimsProfile): string[] {
  return [...Object.keys(profile.claimsByScope), 'offline_access'];
}
