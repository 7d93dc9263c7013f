// Logout: RP-initiated logout pages (Danish/English) and back-channel logout to every client of the session.
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { pickLang, translator } from '../http/i18n.ts';
import { renderView } from '../http/views.ts';

export function langOf(ctx: KoaContextWithOIDC) {
  return pickLang(ctx.oidc?.params?.['ui_locales'] as string | undefined, ctx.get('accept-language'));
}

export function logoutFeatures(): Pick<NonNullable<Configuration['features']>, 'rpInitiatedLogout' | 'backchannelLogout'> {
  return {
    backchannelLogout: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        const lang = langOf(ctx);
        ctx.set('Cache-Control', 'no-store');
        ctx.body = await renderView('logout', { lang, title: translator(lang)('logout.title'), data: { form } });
      },
      postLogoutSuccessSource: async (ctx) => {
        const lang = langOf(ctx);
        ctx.body = await renderView('logged-out', { lang, title: translator(lang)('logout.title') });
      },
    },
  };
}
