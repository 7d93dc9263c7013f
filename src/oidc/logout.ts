// Logout: RP-initiated logout pages (Danish/English) and back-channel logout to every client of the session.
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type Provider from 'oidc-provider';
import type { Logger } from 'pino';
import { z } from 'zod';
import { pickLang, requestLang, translator, type Lang } from '../http/i18n.ts';
import { renderView } from '../http/views.ts';

/**
 * The language chosen on the logout page (ui_locales) must survive to the logged-out page, whose URL
 * oidc-provider builds without ui_locales. A short-lived cookie on the end-session paths carries it.
 */
export const LOGOUT_LANG_COOKIE = 'kontekst.logout.lang';
const END_SESSION_PATH = '/session/end';
const langCookie = z.enum(['da', 'en']);

/** Texts only the logout pages use; the shared words (title, buttons) come from the common catalogue. */
const LOGOUT_TEXT: Record<Lang, Record<'everywhere' | 'requestedBy' | 'closeWindow' | 'backTo' | 'stillLoggedIn' | 'loggedOutOf', string>> = {
  da: {
    stillLoggedIn: 'Du er stadig logget på med MitID i denne browser.',
    loggedOutOf: 'Du er logget af {client}.',
    everywhere: 'Du bliver logget af alle de tjenester, du har logget på med MitID i denne browser.',
    requestedBy: 'Anmodningen kommer fra {client}.',
    closeWindow: 'Du kan nu lukke vinduet.',
    backTo: 'Tilbage til {client}',
  },
  en: {
    stillLoggedIn: 'You are still logged in with MitID in this browser.',
    loggedOutOf: 'You have been logged out of {client}.',
    everywhere: 'You will be logged out of every service you logged in to with MitID in this browser.',
    requestedBy: 'The request comes from {client}.',
    closeWindow: 'You can now close this window.',
    backTo: 'Back to {client}',
  },
};

function fill(text: string, params: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** The language of a provider page (logout, error): the request's ui_locales, else the browser's. */
export function providerLang(ctx: KoaContextWithOIDC): Lang {
  return requestLang(ctx, ctx.oidc?.params?.['ui_locales']);
}

/** On the logged-out page: the language remembered from the logout page, else the browser's. */
function rememberedLangOf(ctx: KoaContextWithOIDC): Lang {
  const remembered = langCookie.safeParse(ctx.cookies.get(LOGOUT_LANG_COOKIE));
  return pickLang(remembered.success ? remembered.data : undefined, ctx.get('accept-language'));
}

/** The name a person recognises the requesting client by; never a client-supplied free text beyond its registration. */
function clientNameOf(ctx: KoaContextWithOIDC): string | undefined {
  const client = ctx.oidc?.client;
  return client ? String(client.clientName ?? client.clientId) : undefined;
}

/** A registered https/http client_uri, for a "back to the service" link on the logged-out page. */
function clientUriOf(ctx: KoaContextWithOIDC): string | undefined {
  const uri = ctx.oidc?.client?.['clientUri'] as unknown;
  return typeof uri === 'string' && /^https?:\/\//.test(uri) ? uri : undefined;
}

export function logoutFeatures(): Pick<NonNullable<Configuration['features']>, 'rpInitiatedLogout' | 'backchannelLogout'> {
  return {
    // Every client of the session that registered a backchannel_logout_uri gets a logout token (with sid:
    // clientDefaults sets backchannel_logout_session_required). Its sub is the pairwise sub of the
    // session's context, so a professional session's token carries the professional sub only.
    backchannelLogout: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        const lang = providerLang(ctx);
        const t = translator(lang);
        const client = clientNameOf(ctx);
        ctx.cookies.set(LOGOUT_LANG_COOKIE, lang, {
          path: END_SESSION_PATH,
          httpOnly: true,
          sameSite: 'lax',
          secure: ctx.secure,
          maxAge: 15 * 60 * 1000,
          signed: false,
        });
        ctx.set('Cache-Control', 'no-store');
        ctx.body = await renderView('logout', {
          lang,
          title: t('logout.title'),
          data: {
            form,
            everywhere: LOGOUT_TEXT[lang].everywhere,
            requestedBy: client ? fill(LOGOUT_TEXT[lang].requestedBy, { client }) : undefined,
          },
        });
      },
      postLogoutSuccessSource: async (ctx) => {
        const lang = rememberedLangOf(ctx);
        const t = translator(lang);
        const client = clientNameOf(ctx);
        const clientUri = clientUriOf(ctx);
        ctx.cookies.set(LOGOUT_LANG_COOKIE, null, { path: END_SESSION_PATH });
        // "No, stay logged in" keeps the Kontekst session (and its cookie); then say so instead of "logged out".
        const kept = ctx.cookies.get(ctx.oidc.provider.cookieName('session')) !== undefined;
        const heading = kept
          ? client ? fill(LOGOUT_TEXT[lang].loggedOutOf, { client }) : LOGOUT_TEXT[lang].stillLoggedIn
          : t('logout.done');
        ctx.set('Cache-Control', 'no-store');
        ctx.type = 'html';
        ctx.body = await renderView('logged-out', {
          lang,
          title: t('logout.title'),
          data: {
            status: heading,
            kept: kept && client ? LOGOUT_TEXT[lang].stillLoggedIn : undefined,
            closeWindow: LOGOUT_TEXT[lang].closeWindow,
            back: client && clientUri ? { href: clientUri, text: fill(LOGOUT_TEXT[lang].backTo, { client }) } : undefined,
          },
        });
      },
    },
  };
}

/**
 * Logs the outcome of logouts without personal data: the client and the failure, never the account,
 * the sid or the token (the account ID of a private session holds the MitID UUID).
 */
export function observeLogout(provider: Provider, logger: Logger): void {
  provider.on('backchannel.success', (_ctx: unknown, client: { clientId: string }) => {
    logger.info({ clientId: client.clientId }, 'back-channel logout delivered');
  });
  provider.on('backchannel.error', (_ctx: unknown, error: Error, client: { clientId: string }) => {
    logger.warn({ clientId: client.clientId, err: { name: error.name, message: error.message } }, 'back-channel logout failed');
  });
  provider.on('end_session.success', (ctx: KoaContextWithOIDC) => {
    logger.info({ clientId: ctx.oidc?.client?.clientId }, 'session ended');
  });
}

/**
 * Configuration `loadExistingGrant` (wire it in provider.ts). The library's default reads the client's grant
 * through `session.grantIdFor(clientId)`, which CREATES an empty entry for the client in the session as a side
 * effect. Every client with an entry receives a logout token when the session ends — so a client that only
 * started a login (abandoned, or refused because the session's context does not suit it) would get one too,
 * without sid and carrying the pairwise sub of a context it was never given (a private-only client would
 * learn a professional sub). This reads the same grant without touching the session.
 */
export const loadExistingGrant = async (ctx: KoaContextWithOIDC) => {
  const clientId = ctx.oidc.client?.clientId;
  const consented = ctx.oidc.result?.consent?.grantId;
  const grantId = consented ?? (clientId ? ctx.oidc.session?.authorizations?.[clientId]?.grantId : undefined);
  return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
};
