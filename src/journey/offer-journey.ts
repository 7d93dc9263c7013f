// The offer, worked out once at the upstream callback: the contexts offered (bound to this interaction) and the ones not, with why.
import type { Context as KoaContext } from 'koa';
import { noContextDescription, noContextReasons } from '../contexts/explain.ts';
import { safeParseLoginHint } from '../contexts/login-hint.ts';
import { offerContexts } from '../contexts/offer.ts';
import { directoryFactsFor } from './directory-facts.ts';
import type { MitIdLogin } from '../domain/mitid.ts';
import type { InteractionDetails, JourneyDeps } from './deps.ts';
import { JourneyError } from './errors.ts';
import { noteRefusal } from './finish.ts';
import { journeyClientOf } from './journey-client.ts';
import { journeyLang } from './journey-lang.ts';
import { newCsrfToken, type JourneyState } from './journey-store.ts';
import { explainNoContext } from './refusal-text.ts';

/** The chooser step then only reads the offer back. */
export async function offerJourney(
  ctx: KoaContext,
  deps: JourneyDeps,
  details: InteractionDetails,
  login: MitIdLogin,
): Promise<JourneyState> {
  const [client, facts] = await Promise.all([journeyClientOf(deps, details), directoryFactsFor(deps.directory, login)]);
  const parsedHint = safeParseLoginHint(details.params['login_hint'] as string | undefined);
  if (!parsedHint.ok) throw new JourneyError('bad_request', 'login_hint');
  const offer = offerContexts({ login, facts, clientIdentityTypes: client.metadata.identity_types, loginHint: parsedHint.hint });
  const journey = { csrf: newCsrfToken(), clientName: client.name };
  if (offer.offered.length === 0) {
    const reasons = noContextReasons(offer, parsedHint.hint);
    noteRefusal(deps, 'no_context');
    const failure = {
      reason: 'no_context' as const,
      error: 'access_denied',
      description: noContextDescription(reasons),
      message: explainNoContext(reasons, journeyLang(ctx, details)),
    };
    return { ...journey, failure };
  }
  return { ...journey, login, offered: offer.offered, notOffered: offer.notOffered };
}
