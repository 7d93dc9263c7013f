// Who may introspect (RFC 7662) or revoke (RFC 7009) which token: owners, and resource servers explicitly permitted.
import { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { ResourceServer } from '../resource-servers.ts';

type Features = NonNullable<Configuration['features']>;
type IntrospectionPolicy = NonNullable<NonNullable<Features['introspection']>['allowedPolicy']>;
type RevocationPolicy = NonNullable<NonNullable<Features['revocation']>['allowedPolicy']>;
type TokenLike = Parameters<IntrospectionPolicy>[2];

/** The audiences a token was issued for (an access token bound to a resource server carries its audience). */
function audiencesOf(token: TokenLike): string[] {
  const aud = (token as { aud?: string | string[] }).aud;
  if (aud === undefined) return [];
  return Array.isArray(aud) ? aud : [aud];
}

/**
 * Introspection policy:
 * - a public client (auth method `none`) introspects nothing: it cannot prove who asks;
 * - a confidential client may introspect the tokens issued to itself;
 * - a resource server's client, listed in that server's `introspectionClients`, may introspect the access
 *   tokens whose audience is that resource server — and nothing else (not refresh tokens, not other audiences).
 * Anything else answers `{ "active": false }`, as RFC 7662 §2.2 allows, so nothing is learned about the token.
 */
export function introspectionPolicy(servers: readonly ResourceServer[]): IntrospectionPolicy {
  return (_ctx: KoaContextWithOIDC, client, token) => {
    if (client.clientAuthMethod === 'none') return false;
    if (token.clientId === client.clientId) return true;
    if (token.kind !== 'AccessToken') return false;
    const audiences = audiencesOf(token);
    return servers.some(
      (server) => (server.introspectionClients ?? []).includes(client.clientId) && audiences.includes(server.audience ?? server.identifier),
    );
  };
}

/**
 * Revocation policy: a client revokes only its own tokens. A confidential client presenting another client's
 * token gets `invalid_request` (it authenticated, so it may learn that it is not allowed); a public client gets
 * the RFC 7009 §2.2 answer (200, nothing revoked), which discloses nothing.
 */
export const revocationPolicy: RevocationPolicy = (_ctx, client, token) => {
  if (token.clientId === client.clientId) return true;
  if (client.clientAuthMethod === 'none') return false;
  throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
};
