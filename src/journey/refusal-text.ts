// The person's sentences for refusals (chooser and no-context page), from the page catalogue in their language.
import { joinSentences, type NoContextReasons } from '../contexts/explain.ts';
import type { NotOffered } from '../contexts/refusal.ts';
import { translator, type Lang } from '../http/i18n.ts';

/** Why one context was not offered (the chooser lists these under the choices). */
export function describeRefusal(entry: NotOffered, lang: Lang): string {
  const t = translator(lang);
  if (entry.target.type === 'private') {
    return entry.reason === 'excluded_by_login_hint'
      ? t('refusal.private.excluded_by_login_hint')
      : t(`refusal.${entry.reason}`, { org: '' });
  }
  return t(`refusal.${entry.reason}`, { org: entry.target.orgName });
}

/** Why nothing was offered, for the no-context page: several reasons joined into one line. */
export function explainNoContext(reasons: NoContextReasons, lang: Lang): string {
  if (reasons.kind !== 'refusals') return translator(lang)(`refusal.${reasons.kind}`);
  return joinSentences(reasons.refusals.map((entry) => describeRefusal(entry, lang)));
}
