// The demo relying party's routes under /demo-rp: home, login, callback, logout, and its stylesheet.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Router from '@koa/router';
import type { Context } from 'koa';
import type { Logger } from 'pino';
import {
  AuthorizationResponseError,
  authorizationCodeGrant,
  buildEndSessionUrl,
  fetchUserInfo,
  randomState,
  ResponseBodyError,
  type Configuration,
} from 'openid-client';
import { claimRows, describeContext, idpLabel, levelName, observedContext, type ClaimSet } from './context-view.ts';
import type { OidcConfigurationSource } from './discovery.ts';
import { buildLoginRequest, DEFAULT_SCOPES, DEMO_SCOPES, parseLoginQuery } from './login-request.ts';
import { demoLang, demoTranslator, type DemoLang, type DemoMessageKey } from './messages.ts';
import { DEMO_BASE_PATH, demoUrls } from './registration.ts';
import { sendDemoPage, type DemoPage } from './render.ts';
import { refusalText } from './refusal.ts';
import { DEFAULT_SESSION_LIMITS, DemoSessions, type SessionLimits } from './sessions.ts';

export const DEMO_CSS_FILE = join(import.meta.dirname, '..', '..', 'public', 'demo-rp.css');

export interface DemoRouterDeps {
  publicUrl: string;
  oidc: OidcConfigurationSource;
  secureCookies: boolean;
  logger: Logger;
  limits?: SessionLimits;
}

const home = (lang: DemoLang) => `${DEMO_BASE_PATH}/?lang=${lang}`;
export const RESULT_PATH = `${DEMO_BASE_PATH}/result`;

export async function createDemoRouter(deps: DemoRouterDeps): Promise<Router> {
  const css = await readFile(DEMO_CSS_FILE);
  const urls = demoUrls(deps.publicUrl);
  const sessions = new DemoSessions(deps.limits ?? DEFAULT_SESSION_LIMITS, deps.secureCookies);
  const router = new Router();

  const errorPage = (ctx: Context, lang: DemoLang, status: number, content: { key: DemoMessageKey; detail?: string }) => {
    const t = demoTranslator(lang);
    const message = t(content.key, content.detail ? { detail: content.detail } : {});
    return sendDemoPage(ctx, 'error', { lang, title: t('error.title'), status, data: { heading: t('error.title'), message, homeUrl: home(lang) } });
  };

  /** Kontekst's OIDC error as the person reads it: a heading and a sentence, the error itself as technical detail. */
  const refusalPage = (lang: DemoLang, error: string, description: string | undefined): DemoPage & { view: string } => {
    const t = demoTranslator(lang);
    const text = refusalText(error, description);
    return {
      view: 'error',
      lang,
      title: t(text.heading),
      status: 400,
      data: { heading: t(text.heading), message: t(text.sentence), oidcError: { error, description }, homeUrl: home(lang) },
    };
  };

  /**
   * The callback's outcome is shown at a clean URL (POST/redirect/GET): reloading the result page shows it again
   * instead of redeeming the spent code a second time.
   */
  const showOutcome = (ctx: Context, sid: string, outcome: DemoPage & { view: string }) => {
    sessions.outcomes.set(sid, outcome);
    ctx.set('Cache-Control', 'no-store');
    ctx.status = 303;
    ctx.redirect(RESULT_PATH);
  };

  router.get(RESULT_PATH, async (ctx) => {
    const sid = sessions.read(ctx);
    const outcome = sid ? sessions.outcomes.get(sid) : undefined;
    if (!outcome) return ctx.redirect(home(demoLang(ctx.query['lang'])));
    const { view, ...page } = outcome;
    await sendDemoPage(ctx, view, page);
  });

  /** Discovery happens on first use; Kontekst not answering is a 503 page, not a crash. */
  const discovered = async (ctx: Context, lang: DemoLang): Promise<Configuration | undefined> => {
    try {
      return await deps.oidc();
    } catch (error) {
      deps.logger.warn({ err: { name: (error as Error).name, message: (error as Error).message } }, 'demo RP: discovery failed');
      await errorPage(ctx, lang, 503, { key: 'error.unavailable' });
      return undefined;
    }
  };

  router.get(`${DEMO_BASE_PATH}/assets/demo-rp.css`, (ctx) => {
    ctx.type = 'text/css; charset=utf-8';
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = css;
  });

  const homePage = async (ctx: Context) => {
    const sid = sessions.read(ctx);
    const state = typeof ctx.query['state'] === 'string' ? ctx.query['state'] : undefined;
    // Back from Kontekst's logout: the registered post_logout_redirect_uri has no lang, so it comes from the session.
    const logout = sid && state ? sessions.loggedOut.take(sid) : undefined;
    const loggedOut = logout !== undefined && logout.state === state;
    const lang = ctx.query['lang'] !== undefined ? demoLang(ctx.query['lang']) : loggedOut ? logout.lang : 'da';
    const t = demoTranslator(lang);
    const signedIn = sid ? sessions.signedIn.get(sid) : undefined;
    await sendDemoPage(ctx, 'home', {
      lang,
      title: t('home.title'),
      data: {
        loggedOut,
        signedInAs: signedIn ? describeContext(signedIn.context, t) : undefined,
        langSwitchUrl: home(lang === 'da' ? 'en' : 'da'),
        scopes: DEMO_SCOPES.map((name) => ({
          name,
          label: t(`scope.${name}`),
          checked: DEFAULT_SCOPES.includes(name),
          fixed: name === 'openid',
        })),
      },
    });
  };
  router.get(DEMO_BASE_PATH, homePage);
  router.get(`${DEMO_BASE_PATH}/`, homePage);

  router.get(`${DEMO_BASE_PATH}/login`, async (ctx) => {
    const parsed = parseLoginQuery(ctx.query);
    if (!parsed.ok) return errorPage(ctx, parsed.lang, 400, { key: 'error.invalid', detail: parsed.detail });
    const oidc = await discovered(ctx, parsed.choice.lang);
    if (!oidc) return;
    const { url, pending } = await buildLoginRequest(oidc, urls.callback, parsed.choice);
    sessions.pendingLogins.set(sessions.ensure(ctx), pending);
    ctx.set('Cache-Control', 'no-store');
    ctx.redirect(url.href);
  });

  router.get(`${DEMO_BASE_PATH}/callback`, async (ctx) => {
    const sid = sessions.read(ctx);
    const pending = sid ? sessions.pendingLogins.take(sid) : undefined;
    // Without a pending login the response is not ours (or replayed): its error text is not shown either.
    if (!pending) return errorPage(ctx, demoLang(ctx.query['lang']), 400, { key: 'error.expired' });
    const { lang } = pending;
    const oidc = await discovered(ctx, lang);
    if (!oidc) return;

    let tokens;
    try {
      tokens = await authorizationCodeGrant(oidc, new URL(`${urls.callback}?${ctx.querystring}`), {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      if (error instanceof AuthorizationResponseError || error instanceof ResponseBodyError) {
        deps.logger.info({ error: error.error }, 'demo RP: Kontekst returned an OIDC error');
        return showOutcome(ctx, sid!, refusalPage(lang, error.error, error.error_description));
      }
      deps.logger.warn({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, 'demo RP: code exchange failed');
      return errorPage(ctx, lang, 502, { key: 'error.generic' });
    }

    const idTokenClaims = (tokens.claims() ?? {}) as ClaimSet;
    let userinfo: ClaimSet;
    try {
      userinfo = (await fetchUserInfo(oidc, tokens.access_token, String(idTokenClaims['sub']))) as ClaimSet;
    } catch (error) {
      deps.logger.warn({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, 'demo RP: userinfo failed');
      return errorPage(ctx, lang, 502, { key: 'error.generic' });
    }

    const context = observedContext(idTokenClaims, userinfo);
    const signedInSid = sessions.ensure(ctx, { rotate: true });
    if (tokens.id_token) sessions.signedIn.set(signedInSid, { idToken: tokens.id_token, lang, context });
    const t = demoTranslator(lang);
    const switchQuery = new URLSearchParams({ prompt: 'select_account', lang, scope: pending.scopes.join(' ') });
    showOutcome(ctx, signedInSid, {
      view: 'result',
      lang,
      title: t('result.title'),
      data: {
        context: describeContext(context, t),
        idp: idpLabel(idTokenClaims['idp']),
        acr: levelName(idTokenClaims['acr'], lang),
        grantedScope: tokens.scope ?? '',
        refreshTokenIssued: typeof tokens.refresh_token === 'string',
        idTokenClaims: claimRows(idTokenClaims),
        userinfoClaims: claimRows(userinfo),
        switchUrl: `${DEMO_BASE_PATH}/login?${switchQuery}`,
        homeUrl: home(lang),
      },
    });
  });

  router.get(`${DEMO_BASE_PATH}/logout`, async (ctx) => {
    const sid = sessions.read(ctx);
    const session = sid ? sessions.signedIn.take(sid) : undefined;
    if (sid) sessions.outcomes.delete(sid);
    const lang = session?.lang ?? demoLang(ctx.query['lang']);
    ctx.set('Cache-Control', 'no-store');
    if (!sid || !session) return ctx.redirect(home(lang));
    const oidc = await discovered(ctx, lang);
    if (!oidc) return;
    const state = randomState();
    sessions.loggedOut.set(sid, { state, lang });
    const url = buildEndSessionUrl(oidc, {
      id_token_hint: session.idToken,
      post_logout_redirect_uri: urls.home,
      state,
      ui_locales: lang,
    });
    ctx.redirect(url.href);
  });

  return router;
}
