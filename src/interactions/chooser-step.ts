// Step 2: work out the contexts this login may act in, and let the person choose (or say why none fits).
import type { Context as KoaContext } from 'koa';
import { z } from 'zod';
import { describeRefusal, explainNoContext } from '../contexts/explain.ts';
import { offerContexts } from '../contexts/offer.ts';
import { safeParseLoginHint } from '../contexts/login-hint.ts';
import { directoryFactsFor } from '../directory/facts.ts';
import { contextKey, type Context, type IdentityType } from '../domain/context.ts';
import { pickLang, translator, type Lang } from '../http/i18n.ts';
import { sendPage } from '../http/views.ts';
import type { InteractionDetails, JourneyDeps } from './deps.ts';
import { JourneyError } from './errors.ts';
import { finishWithContext, finishWithError } from './finish.ts';
import { csrfMatches, type JourneyState } from './journey-store.ts';

export function langOf(ctx: KoaContext, details: InteractionDetails): Lang {
  return pickLang(details.params['ui_locales'] as string | undefined, ctx.get('accept-language'));
}

async function clientOf(deps: JourneyDeps, details: InteractionDetails) {
  const client = await deps.provider.Client.find(String(details.params['client_id']));
  if (!client) throw new JourneyError('expired', 'client gone');
  return {
    name: (client.clientName as string | undefined) ?? client.clientId,
    identityTypes: ((client['identity_types'] as IdentityType[] | undefined) ?? ['private', 'professional']),
  };
}

export async function showChooser(ctx: KoaContext, deps: JourneyDeps, details: InteractionDetails): Promise<void> {
  const journey = await deps.journeys.get(details.uid);
  if (!journey) throw new JourneyError('expired', 'no journey');
  const lang = langOf(ctx, details);
  const t = translator(lang);
  const client = await clientOf(deps, details);

  if (journey.failure) {
    if (journey.failure.error === 'access_denied' && !journey.login) {
      // The person cancelled at MitID: go straight back to the service, as they asked.
      await deps.journeys.take(details.uid);
      await finishWithError(ctx, deps, journey.failure.error, journey.failure.description);
      return;
    }
    await sendPage(ctx, 'no-context', {
      lang,
      title: t('nocontext.title'),
      status: 400,
      data: { reason: journey.failure.message, clientName: client.name, csrf: journey.csrf, abortAction: `/interaction/${details.uid}/abort` },
    });
    return;
  }
  const login = journey.login;
  if (!login) throw new JourneyError('expired', 'no login');

  const parsedHint = safeParseLoginHint(details.params['login_hint'] as string | undefined);
  if (!parsedHint.ok) throw new JourneyError('bad_request', 'login_hint');
  const hint = parsedHint.hint;
  const facts = await directoryFactsFor(deps.directory, login);
  const offer = offerContexts({ login, facts, clientIdentityTypes: client.identityTypes, loginHint: hint });

  if (offer.offered.length === 0) {
    const failure = {
      error: 'access_denied',
      description: explainNoContext(offer, hint, 'en'),
      message: explainNoContext(offer, hint, lang),
    };
    await deps.journeys.save(details.uid, { csrf: journey.csrf, failure });
    await sendPage(ctx, 'no-context', {
      lang,
      title: t('nocontext.title'),
      status: 403,
      data: { reason: failure.message, clientName: client.name, csrf: journey.csrf, abortAction: `/interaction/${details.uid}/abort` },
    });
    return;
  }

  const prompts = String(details.params['prompt'] ?? '').split(' ');
  if (offer.offered.length === 1 && !prompts.includes('select_account')) {
    await deps.journeys.take(details.uid);
    await finishWithContext(ctx, deps, details, login, offer.offered[0]!);
    return;
  }

  await deps.journeys.save(details.uid, { ...journey, offered: offer.offered });
  await sendPage(ctx, 'chooser', {
    lang,
    title: t('chooser.title'),
    data: {
      clientName: client.name,
      csrf: journey.csrf,
      action: `/interaction/${details.uid}/choose`,
      abortAction: `/interaction/${details.uid}/abort`,
      options: offer.offered.map((context) => optionFor(context, t)),
      notOffered: offer.notOffered.map((entry) => describeRefusal(entry, lang)),
    },
  });
}

function optionFor(context: Context, t: ReturnType<typeof translator>) {
  return context.type === 'private'
    ? { key: contextKey(context), label: t('chooser.private'), detail: '' }
    : { key: contextKey(context), label: t('chooser.professional', { org: context.orgName }), detail: t('chooser.cvr', { cvr: context.cvr }) };
}

const chooseBody = z.object({ csrf: z.string().min(1).max(200), context: z.string().min(1).max(100) });

export async function submitChoice(ctx: KoaContext, deps: JourneyDeps, details: InteractionDetails): Promise<void> {
  const body = chooseBody.safeParse(ctx.request.body);
  if (!body.success) throw new JourneyError('forged', 'malformed choice');
  // One-time: a replayed or second submission finds no journey.
  const journey: JourneyState | undefined = await deps.journeys.take(details.uid);
  if (!journey?.login || !journey.offered) throw new JourneyError('expired', 'no chooser state');
  if (!csrfMatches(journey.csrf, body.data.csrf)) throw new JourneyError('forged', 'csrf');
  const chosen = journey.offered.find((context) => contextKey(context) === body.data.context);
  if (!chosen) throw new JourneyError('forged', 'context not offered');
  await finishWithContext(ctx, deps, details, journey.login, chosen);
}

const abortBody = z.object({ csrf: z.string().min(1).max(200) });

/** The person goes back to the service: the relying party gets the reason as an OIDC error. */
export async function abortJourney(ctx: KoaContext, deps: JourneyDeps, details: InteractionDetails): Promise<void> {
  const body = abortBody.safeParse(ctx.request.body);
  if (!body.success) throw new JourneyError('forged', 'malformed abort');
  const journey = await deps.journeys.take(details.uid);
  if (!journey) throw new JourneyError('expired', 'no journey');
  if (!csrfMatches(journey.csrf, body.data.csrf)) throw new JourneyError('forged', 'csrf');
  const failure = journey.failure ?? { error: 'access_denied', description: 'The user cancelled the login', message: '' };
  await finishWithError(ctx, deps, failure.error, failure.description);
}
