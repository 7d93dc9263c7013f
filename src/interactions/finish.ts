// Ends an interaction: with a chosen context (a login), a consent grant, or an OIDC error for the relying party.
import type { Context as KoaContext } from 'koa';
import type { InteractionResults } from 'oidc-provider';
import { loaToAcr, type MitIdLogin } from '../domain/mitid.ts';
import type { Context } from '../domain/context.ts';
import { idpOf } from '../domain/mitid.ts';
import { accountRefFor, formatAccountId } from '../oidc/account-id.ts';
import type { InteractionDetails, JourneyDeps } from './deps.ts';
import type { Entitlement } from '../oidc/clients.ts';
import { applyToGrant, requestedClaimNames } from './grant.ts';

async function redirectWithResult(ctx: KoaContext, deps: JourneyDeps, result: InteractionResults): Promise<void> {
  const url = await deps.provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.redirect(url);
  ctx.status = 303;
}

/** Logs the person in, in the chosen context: the account ID is the context, the MitID facts are the login. */
export async function finishWithContext(
  ctx: KoaContext,
  deps: JourneyDeps,
  details: InteractionDetails,
  login: MitIdLogin,
  context: Context,
): Promise<void> {
  const accountId = formatAccountId(accountRefFor(context, { idp: idpOf(login), mitidUuid: login.mitidUuid }));
  const [consent] = await Promise.all([
    preConsent(deps, details, accountId, context),
    context.type === 'private' && login.kind === 'private'
      ? deps.persons.save({ mitidUuid: login.mitidUuid, ...login.person })
      : undefined,
  ]);
  await redirectWithResult(ctx, deps, {
    login: { accountId, acr: loaToAcr(login.loa), amr: login.amr, ts: login.authTime, remember: true },
    // Resolves prompt=select_account: the chooser was just shown.
    select_account: {},
    ...(consent ? { consent } : {}),
  });
}

/**
 * A first-party client is pre-consented: its grant is made together with the login, which spares the
 * browser a second interaction (two redirects and their storage round trips). Requests with resource
 * indicators take the ordinary consent step, which knows each resource server's scopes.
 */
async function preConsent(
  deps: JourneyDeps,
  details: InteractionDetails,
  accountId: string,
  context: Context,
): Promise<{ grantId: string } | undefined> {
  if (details.params['resource'] !== undefined) return undefined;
  const client = await deps.provider.Client.find(String(details.params['client_id']));
  if (client?.['first_party'] !== true) return undefined;
  const grant = new deps.provider.Grant({ accountId, clientId: client.clientId });
  applyToGrant(grant, {
    type: context.type,
    entitlements: (client['entitlements'] as Entitlement[] | undefined) ?? [],
    scopes: String(details.params['scope'] ?? 'openid').split(' ').filter(Boolean),
    claims: requestedClaimNames(details.params['claims']),
  });
  return { grantId: await grant.save() };
}

export async function finishWithError(
  ctx: KoaContext,
  deps: JourneyDeps,
  error: string,
  description: string,
): Promise<void> {
  await redirectWithResult(ctx, deps, { error, error_description: description });
}

export async function finishWithGrant(ctx: KoaContext, deps: JourneyDeps, grantId: string): Promise<void> {
  // Each interaction's result stands alone: keep select_account resolved, or the chooser would come back.
  await redirectWithResult(ctx, deps, { consent: { grantId }, select_account: {} });
}
