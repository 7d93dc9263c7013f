// Refresh with the client's whole configured scope after a login whose context excluded some of it: narrow, don't refuse.
import type Provider from 'oidc-provider';
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
// oidc-provider keeps its grant handlers in an internal registry (no public getter); wrapping the registered
// refresh_token handler is the one way to act between its parameter parsing and its scope check.
import instance from 'oidc-provider/lib/helpers/weak_cache.js';
import { foreignToContext, isEntitled } from '../contexts/claims-profile.ts';
import type { Entitlement } from '../contexts/claims-table.ts';
import type { IdentityType } from '../domain/context.ts';
import { parseAccountId } from './account-id.ts';
import { kontekstMetadataOf } from './client-metadata.ts';

/**
 * The scopes a refresh should be narrowed to, or undefined to leave the request as it is (the provider then
 * refuses extra scopes with invalid_scope, RFC 6749 §6). Narrowed only when every extra scope is one this
 * context can never serve and the client is entitled to (cpr or mitid after a professional login, professional
 * after a private one): Kontekst left them out, not the client. A scope the client never had stays refused.
 */
export function narrowedRefreshScopes(
  requested: readonly string[],
  granted: ReadonlySet<string>,
  context: IdentityType,
  entitlements: readonly Entitlement[],
): string[] | undefined {
  const extra = requested.filter((scope) => !granted.has(scope));
  if (extra.length === 0) return undefined;
  const excludedByContext = extra.every((scope) => foreignToContext(scope, context) && isEntitled(scope, entitlements));
  return excludedByContext ? requested.filter((scope) => granted.has(scope)) : undefined;
}

type GrantHandler = (ctx: KoaContextWithOIDC) => Promise<void>;

/**
 * Wraps the provider's refresh_token grant: when it refuses a requested scope, and narrowing applies, the scope
 * parameter is narrowed and the grant runs again. The refusal happens before the refresh token is used, so the
 * second run is the first that consumes it; the happy path costs nothing.
 */
export function narrowRefreshScopes(provider: Provider): void {
  const handlers = (instance(provider) as { grantTypeHandlers: Map<string, GrantHandler> }).grantTypeHandlers;
  const original = handlers.get('refresh_token');
  if (!original) throw new Error('oidc-provider has no refresh_token grant to wrap');
  handlers.set('refresh_token', async (ctx) => {
    try {
      await original(ctx);
    } catch (error) {
      const narrowed = error instanceof errors.InvalidScope ? await narrowingFor(provider, ctx) : undefined;
      if (!narrowed) throw error;
      ctx.oidc.params!['scope'] = narrowed.join(' ');
      await original(ctx);
    }
  });
}

async function narrowingFor(provider: Provider, ctx: KoaContextWithOIDC): Promise<string[] | undefined> {
  const { refresh_token: value, scope } = (ctx.oidc.params ?? {}) as Record<string, unknown>;
  if (typeof value !== 'string' || typeof scope !== 'string') return undefined;
  const refreshToken = await provider.RefreshToken.find(value);
  const account = refreshToken?.accountId ? parseAccountId(refreshToken.accountId) : undefined;
  if (!refreshToken || !account || refreshToken.clientId !== ctx.oidc.client?.clientId) return undefined;
  const granted = new Set(String(refreshToken.scope ?? '').split(' ').filter(Boolean));
  return narrowedRefreshScopes(scope.split(' ').filter(Boolean), granted, account.type, kontekstMetadataOf(ctx.oidc.client).entitlements);
}
