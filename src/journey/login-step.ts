// Step 1: hand the browser to upstream MitID, and take it back at the callback bound to the same interaction.
import type { Context as KoaContext } from 'koa';
import { safeParseLoginHint } from '../contexts/login-hint.ts';
import { requiredLoaOf } from '../oidc/policy.ts';
import { UpstreamError } from '../upstream/index.ts';
import { translator, type MessageKey } from '../http/i18n.ts';
import type { InteractionDetails, JourneyDeps } from './deps.ts';
import { JourneyError } from './errors.ts';
import { finishWithError, noteRefusal } from './finish.ts';
import { journeyClientOf } from './journey-client.ts';
import { journeyLang } from './journey-lang.ts';
import { offerJourney } from './offer-journey.ts';
import { newCsrfToken } from './journey-store.ts';

export const UPSTREAM_COOKIE = 'kontekst.upstream';

function forceUpstreamLogin(details: InteractionDetails): boolean {
  const prompts = String(details.params['prompt'] ?? '').split(' ');
  return prompts.includes('login') || details.params['max_age'] !== undefined;
}

/**
 * @param options.anotherMitId the person asked to log on with another MitID: the upstream must not reuse its session.
 */
export async function startUpstreamLogin(
  ctx: KoaContext,
  deps: JourneyDeps,
  details: InteractionDetails,
  options: { anotherMitId?: boolean } = {},
): Promise<void> {
  // A malformed login_hint is the relying party's error: say so before the person logs in for nothing.
  const hint = safeParseLoginHint(details.params['login_hint'] as string | undefined);
  if (!hint.ok) {
    noteRefusal(deps, 'invalid_login_hint');
    await finishWithError(ctx, deps, details, 'invalid_request', hint.error.message);
    return;
  }
  const maxAge = details.params['max_age'] === undefined ? undefined : Number(details.params['max_age']);
  const url = await deps.upstream.startLogin({
    interactionId: details.uid,
    requiredLoa: requiredLoaOf(details.params['acr_values'] as string | undefined),
    // MitID speaks the language Kontekst's own pages will use (ui_locales, else the browser's Accept-Language).
    uiLocales: journeyLang(ctx, details),
    // After a logout in this browser, or on request, MitID must ask who is there again.
    prompt: forceUpstreamLogin(details) || options.anotherMitId || deps.upstreamSessions.freshLoginRequired(ctx) ? 'login' : undefined,
    maxAge: Number.isFinite(maxAge) ? maxAge : undefined,
  });
  // The interaction cookie is scoped to /interaction/<uid>; this one carries the uid to the fixed callback path.
  ctx.cookies.set(UPSTREAM_COOKIE, details.uid, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.secureCookies,
    path: deps.callbackPath,
    maxAge: deps.interactionTtlSeconds * 1000,
  });
  ctx.redirect(url.href);
  deps.metrics.loginStarted();
}

const UPSTREAM_MESSAGES: Partial<Record<string, MessageKey>> = {
  cancelled: 'error.upstream.cancelled',
  unavailable: 'error.upstream.unavailable',
};

export async function handleUpstreamCallback(ctx: KoaContext, deps: JourneyDeps): Promise<void> {
  const uid = ctx.cookies.get(UPSTREAM_COOKIE, { signed: true });
  if (!uid || !/^[\w-]{10,64}$/.test(uid)) throw new JourneyError('expired', 'no upstream cookie');
  ctx.cookies.set(UPSTREAM_COOKIE, null, { path: deps.callbackPath });
  const callbackUrl = new URL(ctx.href);
  // Read the interaction in the same round trip as the connector's one-time read of its transaction.
  let upstreamIdToken: string | undefined;
  const [interaction, outcome] = await Promise.allSettled([
    deps.provider.Interaction.find(uid),
    deps.upstream.finishLogin({ interactionId: uid, callbackUrl, keepIdToken: (idToken) => (upstreamIdToken = idToken) }),
  ]);
  if (interaction.status === 'rejected') throw interaction.reason;
  if (!interaction.value) throw new JourneyError('expired', 'interaction gone');
  const details = interaction.value as InteractionDetails;

  if (outcome.status === 'fulfilled') {
    await Promise.all([
      deps.journeys.save(uid, await offerJourney(ctx, deps, details, outcome.value)),
      upstreamIdToken ? deps.upstreamSessions.remember(ctx, upstreamIdToken) : undefined,
    ]);
  } else {
    const error = outcome.reason as unknown;
    if (!(error instanceof UpstreamError)) throw error;
    deps.logger.info({ code: error.code }, 'upstream login failed');
    noteRefusal(deps, `upstream_${error.code}`);
    // Replays and foreign callbacks carry no usable interaction: show the error, issue nothing.
    if (error.code === 'unknown_state' || error.code === 'interaction_mismatch') throw new JourneyError('expired', error.code);
    const message = translator(journeyLang(ctx, details))(UPSTREAM_MESSAGES[error.code] ?? 'error.upstream.failed');
    const { name: clientName } = await journeyClientOf(deps, details);
    await deps.journeys.save(uid, {
      csrf: newCsrfToken(),
      clientName,
      failure: { reason: 'upstream', error: error.oidcError, description: error.description, message },
    });
  }
  ctx.redirect(`/interaction/${uid}/context`);
}
