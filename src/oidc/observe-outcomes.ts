// Logs every OIDC error Kontekst sends a relying party and counts token grants and back-channel deliveries.
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics.ts';

/** oidc-provider's events for an error answered to a client, one per endpoint (see its error handlers). */
export const OIDC_ERROR_EVENTS = [
  'authorization.error',
  'grant.error',
  'userinfo.error',
  'introspection.error',
  'revocation.error',
  'pushed_authorization_request.error',
  'registration_create.error',
  'registration_read.error',
  'registration_update.error',
  'registration_delete.error',
  'end_session.error',
  'end_session_confirm.error',
  'end_session_success.error',
  'jwks.error',
  'discovery.error',
] as const;

interface OidcErrorLike {
  error?: unknown;
  status?: unknown;
}

/** The registered client of the request, if any: an unknown client_id a caller made up is never logged or counted. */
function clientIdOf(ctx: KoaContextWithOIDC | undefined): string | undefined {
  return ctx?.oidc?.client?.clientId;
}

function grantTypeOf(ctx: KoaContextWithOIDC | undefined): string {
  const grantType = ctx?.oidc?.params?.['grant_type'];
  return typeof grantType === 'string' ? grantType : 'none';
}

/**
 * An operator must see a failing integration: each error is logged at info with the endpoint, the client ID
 * and the OIDC error code only. The error_description is left out: for access_denied it can name an
 * organisation, and the journey logs the refusal reason (as a code) where it decides.
 */
export function observeOidcOutcomes(provider: Provider, logger: Logger, metrics: Metrics): void {
  for (const event of OIDC_ERROR_EVENTS) {
    // The typings list each event with its own signature; every one of these passes (ctx, error).
    (provider as unknown as { on(name: string, listener: (ctx: KoaContextWithOIDC, error: OidcErrorLike) => void): void }).on(
      event,
      (ctx, error) => {
        const code = typeof error?.error === 'string' ? error.error : 'unknown';
        const clientId = clientIdOf(ctx);
        logger.info({ event, clientId, error: code, status: error?.status }, 'OIDC error sent to relying party');
        metrics.oidcError(code, clientId);
        if (event === 'grant.error') metrics.tokenGrant(grantTypeOf(ctx), code);
      },
    );
  }
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => metrics.tokenGrant(grantTypeOf(ctx), 'ok'));
  provider.on('server_error', (ctx: KoaContextWithOIDC, error: Error) => {
    logger.error(
      { clientId: clientIdOf(ctx), route: ctx?.oidc?.route, err: { name: error.name, message: error.message, stack: error.stack } },
      'OIDC server error',
    );
    metrics.oidcError('server_error', clientIdOf(ctx));
    if (ctx?.oidc?.route === 'token') metrics.tokenGrant(grantTypeOf(ctx), 'server_error');
  });
  provider.on('backchannel.success', () => metrics.backchannelDelivery('delivered'));
  provider.on('backchannel.error', () => metrics.backchannelDelivery('failed'));
}
