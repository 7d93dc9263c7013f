// The language of the journey's pages: the authorization request's ui_locales, else the browser's.
import type { Context as KoaContext } from 'koa';
import { requestLang, type Lang } from '../http/i18n.ts';
import type { InteractionDetails } from './deps.ts';

export function journeyLang(ctx: KoaContext, details: InteractionDetails): Lang {
  return requestLang(ctx, details.params['ui_locales']);
}
