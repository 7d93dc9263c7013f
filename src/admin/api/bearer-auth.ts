// Bearer authentication of the admin API as a resource server: RFC 9068 JWT access tokens from Kontekst's own token endpoint.
import type { Context } from 'koa';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { ADMIN_BUSINESS_USER_CLAIM } from '../../domain/admin-api.ts';
import type { Principal } from '../context.ts';
import type { AdminAuthenticator } from './router.ts';

export interface BearerAuthOptions {
  issuer: string;
  /** The admin API's resource indicator: the audience its tokens carry. */
  audience: string;
  /** Kontekst's public signing keys as they are now (they rotate). */
  jwks: () => JSONWebKeySet;
  /** Whether a client is an operator API client (operator-set metadata, looked up on every request). */
  isOperatorClient(clientId: string): Promise<boolean>;
}

/**
 * A token names either a business user (an administrator's login in the professional context of their organisation)
 * or, from client credentials, an operator client. Nothing else about the caller is trusted from the token: the
 * business user's roles are read from the directory by the service, and the client's operator flag from its metadata.
 */
export function bearerAuthenticator(options: BearerAuthOptions): AdminAuthenticator {
  return async (ctx: Context): Promise<Principal | undefined> => {
    const match = /^Bearer ([A-Za-z0-9_.-]{10,4096})$/.exec(ctx.get('Authorization'));
    if (!match) return undefined;
    try {
      const { payload } = await jwtVerify(match[1]!, createLocalJWKSet(options.jwks()), {
        issuer: options.issuer,
        audience: options.audience,
        typ: 'at+jwt',
      });
      const businessUser = payload[ADMIN_BUSINESS_USER_CLAIM];
      if (typeof businessUser === 'string')
        return payload['identity_type'] === 'professional' ? { kind: 'business_user', uuid: businessUser } : undefined;
      const clientId = payload['client_id'];
      // A client-credentials token has the client as its subject and no account behind it.
      if (typeof clientId === 'string' && payload.sub === clientId && (await options.isOperatorClient(clientId)))
        return { kind: 'operator', clientId };
      return undefined;
    } catch {
      return undefined;
    }
  };
}
