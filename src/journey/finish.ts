// Ends an interaction: with a chosen context (a login), a consent grant, or an OIDC error for the relying party.
import type { Context as KoaContext } from 'koa';
import type { Grant, InteractionResults } from 'oidc-provider';
import { idpOf, loaToAcr, type MitIdLogin } from '../domain/mitid.ts';
import type { ActingContext } from '../domain/context.ts';
import { accountRefFor, formatAccountId } from '../oidc/account-id.ts';
import type { InteractionDetails, JourneyDeps } from './deps.ts';
import { applyToGrant, requestedClaimNames } from './grant.ts';
import { journeyClientOf } from './journey-client.ts';

/**
 * Stores the result on the interaction and sends the browser back to the provider. This is what
 * provider.interactionResult does, minus its second read of the interaction; the other writes of the
 * step go out in the same round trip.
 */
async function finish(
  ctx: KoaContext,
  details: InteractionDetails,
  result: InteractionResults,
  writes: Promise<unknown>[] = [],
): Promise<void> {
  details.result = result;
  await Promise.all([details.save(details.exp - Math.floor(Date.now() / 1000)), ...writes]);
  ctx.redirect(details.returnTo);
  ctx.status = 303;
}

/** Logs the person in, in the chosen context: the account ID is the context, the MitID facts are the login. */
export async function finishWithContext(
  ctx: KoaContext,
  deps: JourneyDeps,
  details: InteractionDetails,
  login: MitIdLogin,
  context: ActingContext,
): Promise<void> {
  const accountId = formatAccountId(accountRefFor(context, { idp: idpOf(login), mitidUuid: login.mitidUuid }));
  const grant = await preConsentGrant(deps, details, accountId, context);
  const writes: Promise<unknown>[] = [deps.journeys.delete(details.uid)];
  if (grant) writes.push(grant.save());
  if (context.type === 'private' && login.kind === 'private') {
    writes.push(deps.persons.save({ mitidUuid: login.mitidUuid, ...login.person }));
  }
  await finish(
    ctx,
    details,
    {
      login: { accountId, acr: loaToAcr(login.loa), amr: login.amr, ts: login.authTime, remember: true },
      // Resolves prompt=select_account: the chooser was just shown.
      select_account: {},
      ...(grant ? { consent: { grantId: grant.jti } } : {}),
    },
    writes,
  );
  deps.metrics.loginCompleted(context.type);
}

/**
 * A first-party client is pre-consented: its grant is made together with the login, which spares the
 * browser a second interaction (two redirects and their storage round trips). Requests with resource
 * indicators take the ordinary consent step, which knows each resource server's scopes.
 */
async function preConsentGrant(
  deps: JourneyDeps,
  details: InteractionDetails,
  accountId: string,
  context: ActingContext,
): Promise<Grant | undefined> {
  if (details.params['resource'] !== undefined) return undefined;
  const client = await journeyClientOf(deps, details);
  if (!client.metadata.first_party) return undefined;
  const grant = new deps.provider.Grant({ accountId, clientId: client.id });
  // Its id is known before it is saved, so the grant and the interaction are written together.
  grant.jti = (grant as Grant & { generateTokenId(): string }).generateTokenId();
  applyToGrant(grant, {
    type: context.type,
    entitlements: client.metadata.entitlements,
    scopes: String(details.params['scope'] ?? 'openid')
      .split(' ')
      .filter(Boolean),
    claims: requestedClaimNames(details.params['claims']),
  });
  return grant;
}

/**
 * A login that will end without tokens, counted and logged once where the decision is made (the relying
 * party's OIDC error is logged separately, with its client ID). The reason is a code, never personal data.
 */
export function noteRefusal(deps: Pick<JourneyDeps, 'metrics' | 'logger'>, reason: string): void {
  deps.metrics.loginRefused(reason);
  deps.logger.info({ reason }, 'login refused');
}

export async function finishWithError(
  ctx: KoaContext,
  deps: JourneyDeps,
  details: InteractionDetails,
  error: string,
  description: string,
): Promise<void> {
  await finish(ctx, details, { error, error_description: description }, [deps.journeys.delete(details.uid)]);
}

export async function finishWithGrant(ctx: KoaContext, details: InteractionDetails, grantId: string): Promise<void> {
  // Each interaction's result stands alone: keep select_account resolved, or the chooser would come back.
  await finish(ctx, details, { consent: { grantId }, select_account: {} });
}
