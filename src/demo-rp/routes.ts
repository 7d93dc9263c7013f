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
import { claimRows, describeContext, idpLabel, observedContext, shortAcr, type ClaimSet } from './context-view.ts';
import type { OidcConfigurationSource } from './discovery.ts';
import { buildLoginRequest, DEFAULT_SCOPES, DEMO_SCOPES, parseLoginQuery } from './login-request.ts';
import { demoLang, demoTranslator, type DemoLang, type DemoMessageKey } from './messages.ts';
import { DEMO_BASE_PATH, demoUrls } from './registration.ts';
import { sendDemoPage } from './render.ts';
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

export async function createDemoRouter(deps: DemoRouterDeps): Promise<Router> {
  const css = await readFile(DEMO_CSS_FILE);
  const urls = demoUrls(deps.publicUrl);
  const sessions = new DemoSessions(deps.limits ?? DEFAULT_SESSION_LIMITS, deps.secureCookies);
  const router = new Router();

  const errorPage = (ctx: Context, lang: DemoLang, status: number, content: { key: DemoMessageKey; detail?: string } | { error: string; description?: string }) => {
    const t = demoTranslator(lang);
    const data =
      'key' in content
        ? { message: t(content.key, content.detail ? { detail: content.detail } : {}) }
        : { oidcError: { error: content.error, description: content.description } };
    return sendDemoPage(ctx, 'error', { lang, title: t('error.title'), status, data: { ...data, homeUrl: home(lang) } });
  };

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

    let tokens: Awaited<ReturnType<typeof authorizationCodeGrant>>;
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
        return errorPage(ctx, lang, 400, { error: error.error, description: error.error_description });
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
    if (tokens.id_token) sessions.signedIn.set(sessions.ensure(ctx, { rotate: true }), { idToken: tokens.id_token, lang, context });
    const t = demoTranslator(lang);
    const switchQuery = new URLSearchParams({ prompt: 'select_account', lang, scope: pending.scopes.join(' ') });
    await sendDemoPage(ctx, 'result', {
      lang,
      title: t('result.title'),
      data: {
        context: describeContext(context, t),
        idp: idpLabel(idTokenClaims['idp']),
        acr: shortAcr(idTokenClaims['acr']),
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
