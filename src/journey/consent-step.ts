// Step 3: consent — automatic for first-party clients, a page for third parties; entitlements gate cpr/mitid.
import type { Context as KoaContext } from 'koa';
import { z } from 'zod';
import { CLAIMS_PROFILE } from '../contexts/claims-profile.ts';
import type { Entitlement } from '../contexts/claims-table.ts';
import { parseAccountId } from '../oidc/account-id.ts';
import { isMessageKey, translator } from '../http/i18n.ts';
import { sendPage } from '../http/views.ts';
import type { InteractionDetails, JourneyDeps } from './deps.ts';
import { JourneyError, CONSENT_DENIED_DESCRIPTION } from './errors.ts';
import { finishWithError, finishWithGrant, noteRefusal } from './finish.ts';
import { journeyClientOf } from './journey-client.ts';
import { journeyLang } from './journey-lang.ts';
import { csrfMatches, newCsrfToken } from './journey-store.ts';
import { applyToGrant } from './grant.ts';

interface ConsentDetails {
  missingOIDCScope?: string[];
  missingOIDCClaims?: string[];
  missingResourceScopes?: Record<string, string[]>;
}

async function grantConsent(deps: JourneyDeps, details: InteractionDetails, entitlements: readonly Entitlement[]): Promise<string> {
  const { accountId } = details.session ?? {};
  if (!accountId) throw new JourneyError('expired', 'no session');
  const grant = details.grantId
    ? await deps.provider.Grant.find(details.grantId)
    : new deps.provider.Grant({ accountId, clientId: String(details.params['client_id']) });
  if (!grant) throw new JourneyError('expired', 'grant gone');
  const missing = details.prompt.details as ConsentDetails;
  applyToGrant(grant, {
    type: parseAccountId(accountId)?.type,
    entitlements,
    scopes: missing.missingOIDCScope ?? [],
    claims: missing.missingOIDCClaims,
    resourceScopes: missing.missingResourceScopes,
  });
  return grant.save();
}

export async function showConsent(ctx: KoaContext, deps: JourneyDeps, details: InteractionDetails): Promise<void> {
  const client = await journeyClientOf(deps, details);
  const { entitlements } = client.metadata;
  if (client.metadata.first_party) {
    await finishWithGrant(ctx, details, await grantConsent(deps, details, entitlements));
    return;
  }
  const account = parseAccountId(details.session?.accountId ?? '');
  if (!account) throw new JourneyError('expired', 'no account');
  const lang = journeyLang(ctx, details);
  const t = translator(lang);
  // List only what this context can actually release: a professional consent never mentions CPR.
  const scopes = (details.prompt.details as ConsentDetails).missingOIDCScope ?? [];
  const items = CLAIMS_PROFILE.consentLabels(account.type, scopes, entitlements).flatMap((key) => (isMessageKey(key) ? [t(key)] : []));
  const csrf = newCsrfToken();
  await deps.journeys.save(details.uid, { csrf, clientName: client.name });
  const orgName = account.type === 'professional' ? await orgNameOf(deps, account.businessUserUuid) : '';
  await sendPage(ctx, 'consent', {
    lang,
    title: t('consent.title', { client: client.name }),
    data: {
      clientName: client.name,
      contextLabel: account.type === 'private' ? t('consent.context.private') : t('consent.context.professional', { org: orgName }),
      items,
      csrf,
      action: `/interaction/${details.uid}/consent`,
    },
  });
}

async function orgNameOf(deps: JourneyDeps, businessUserUuid: string): Promise<string> {
  const user = await deps.directory.getBusinessUser(businessUserUuid);
  const org = user ? await deps.directory.getOrganisation(user.cvr) : undefined;
  return org?.name ?? '';
}

const consentBody = z.object({ csrf: z.string().min(1).max(200), decision: z.enum(['allow', 'deny']) });

export async function submitConsent(ctx: KoaContext, deps: JourneyDeps, details: InteractionDetails): Promise<void> {
  if (details.prompt.name !== 'consent') throw new JourneyError('forged', 'not a consent interaction');
  const body = consentBody.safeParse(ctx.request.body);
  if (!body.success) throw new JourneyError('forged', 'malformed consent');
  const journey = await deps.journeys.take(details.uid);
  if (!journey || !csrfMatches(journey.csrf, body.data.csrf)) throw new JourneyError('forged', 'csrf');
  if (body.data.decision === 'deny') {
    noteRefusal(deps, 'consent_denied');
    await finishWithError(ctx, deps, details, 'access_denied', CONSENT_DENIED_DESCRIPTION);
    return;
  }
  const client = await journeyClientOf(deps, details);
  await finishWithGrant(ctx, details, await grantConsent(deps, details, client.metadata.entitlements));
}
