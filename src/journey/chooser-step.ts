// Step 2: let the person choose among the contexts offered at the callback (or say why none fits).
import type { Context as KoaContext } from 'koa';
import { z } from 'zod';
import { describeRefusal } from '../contexts/explain.ts';
import { contextKey, type ActingContext } from '../domain/context.ts';
import { translator } from '../http/i18n.ts';
import { sendPage } from '../http/views.ts';
import type { InteractionDetails, JourneyDeps } from './deps.ts';
import { JourneyError, PERSON_CANCELLED_DESCRIPTION } from './errors.ts';
import { finishWithContext, finishWithError, noteRefusal } from './finish.ts';
import { journeyLang } from './journey-lang.ts';
import { csrfMatches, type JourneyState } from './journey-store.ts';
import { startUpstreamLogin } from './login-step.ts';

export async function showChooser(
  ctx: KoaContext,
  deps: JourneyDeps,
  details: InteractionDetails,
  journey: JourneyState | undefined,
): Promise<void> {
  if (!journey) throw new JourneyError('expired', 'no journey');
  const lang = journeyLang(ctx, details);
  const t = translator(lang);
  const abortAction = `/interaction/${details.uid}/abort`;
  const anotherAction = `/interaction/${details.uid}/another-mitid`;

  if (journey.failure) {
    if (journey.failure.reason === 'upstream' && journey.failure.error === 'access_denied') {
      // The person cancelled at MitID: go straight back to the service, as they asked.
      await finishWithError(ctx, deps, details, journey.failure.error, journey.failure.description);
      return;
    }
    await sendPage(ctx, 'no-context', {
      lang,
      title: t('nocontext.title'),
      status: journey.failure.reason === 'no_context' ? 403 : 400,
      data: { reason: journey.failure.message, clientName: journey.clientName, csrf: journey.csrf, abortAction, anotherAction },
    });
    return;
  }
  const { login, offered } = journey;
  if (!login || !offered?.length) throw new JourneyError('expired', 'no offer');

  const prompts = String(details.params['prompt'] ?? '').split(' ');
  if (offered.length === 1 && !prompts.includes('select_account')) {
    deps.metrics.chooser('skipped');
    await finishWithContext(ctx, deps, details, login, offered[0]!);
    return;
  }

  deps.metrics.chooser('shown');
  await sendPage(ctx, 'chooser', {
    lang,
    title: t('chooser.title'),
    data: {
      clientName: journey.clientName,
      csrf: journey.csrf,
      action: `/interaction/${details.uid}/choose`,
      abortAction,
      anotherAction,
      options: offered.map((context) => optionFor(context, t)),
      notOffered: (journey.notOffered ?? []).map((entry) => describeRefusal(entry, lang)),
    },
  });
}

function optionFor(context: ActingContext, t: ReturnType<typeof translator>) {
  return context.type === 'private'
    ? { key: contextKey(context), label: t('chooser.private'), detail: '' }
    : { key: contextKey(context), label: t('chooser.professional', { org: context.orgName }), detail: t('chooser.cvr', { cvr: context.cvr }) };
}

const chooseBody = z.object({ csrf: z.string().min(1).max(200), context: z.string().min(1).max(100) });

export async function submitChoice(
  ctx: KoaContext,
  deps: JourneyDeps,
  details: InteractionDetails,
  journey: JourneyState | undefined,
): Promise<void> {
  const body = chooseBody.safeParse(ctx.request.body);
  if (!body.success) throw new JourneyError('forged', 'malformed choice');
  // The journey is deleted with the login's writes: a replayed or second submission finds nothing.
  if (!journey?.login || !journey.offered) throw new JourneyError('expired', 'no chooser state');
  const chosen = journey.offered.find((context) => contextKey(context) === body.data.context);
  if (!csrfMatches(journey.csrf, body.data.csrf) || !chosen) {
    // A forged submission ends the attempt: nothing is issued from this journey any more.
    await deps.journeys.delete(details.uid);
    throw new JourneyError('forged', chosen ? 'csrf' : 'context not offered');
  }
  await finishWithContext(ctx, deps, details, journey.login, chosen);
}

const tokenOnlyBody = z.object({ csrf: z.string().min(1).max(200) });

/** A form that carries only its anti-forgery token (abort, another MitID): the journey it belongs to, or a refusal. */
function journeyOfTokenForm(ctx: KoaContext, journey: JourneyState | undefined, form: string): JourneyState {
  const body = tokenOnlyBody.safeParse(ctx.request.body);
  if (!body.success) throw new JourneyError('forged', `malformed ${form}`);
  if (!journey) throw new JourneyError('expired', 'no journey');
  if (!csrfMatches(journey.csrf, body.data.csrf)) throw new JourneyError('forged', 'csrf');
  return journey;
}

/** The person goes back to the service: the relying party gets the reason as an OIDC error. */
export async function abortJourney(
  ctx: KoaContext,
  deps: JourneyDeps,
  details: InteractionDetails,
  current: JourneyState | undefined,
): Promise<void> {
  const journey = journeyOfTokenForm(ctx, current, 'abort');
  // A failure was counted when it was found; a person leaving the chooser is a refusal of its own.
  if (!journey.failure) noteRefusal(deps, 'cancelled');
  const failure = journey.failure ?? { error: 'access_denied', description: PERSON_CANCELLED_DESCRIPTION };
  await finishWithError(ctx, deps, details, failure.error, failure.description);
}

/** "Log on with another MitID": this journey's MitID login is dropped and MitID asks who is there again. */
export async function anotherMitId(
  ctx: KoaContext,
  deps: JourneyDeps,
  details: InteractionDetails,
  journey: JourneyState | undefined,
): Promise<void> {
  journeyOfTokenForm(ctx, journey, 'another-mitid');
  await deps.journeys.delete(details.uid);
  ctx.status = 303;
  await startUpstreamLogin(ctx, deps, details, { anotherMitId: true });
}
