// Turns what Kontekst returned (ID token and userinfo claims) into what the result page shows.
import { messagesFor } from '../simulator/messages.ts';
import type { DemoTranslate } from './messages.ts';

export type ClaimSet = Record<string, unknown>;

export interface ClaimRow {
  name: string;
  value: string;
}

/** The context as the relying party can tell it from the claims; organisation only when the scope released it. */
export type ObservedContext =
  | { type: 'private' }
  | { type: 'professional'; orgName?: string; cvr?: string }
  | { type: 'unknown' };

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Userinfo may carry the organisation when the ID token does not (and vice versa): look in both. */
export function observedContext(idToken: ClaimSet, userinfo: ClaimSet = {}): ObservedContext {
  const pick = (name: string) => text(idToken[name]) ?? text(userinfo[name]);
  const type = pick('identity_type');
  if (type === 'private') return { type: 'private' };
  if (type === 'professional') {
    const orgName = pick('professional.org_name');
    const cvr = pick('professional.cvr');
    return { type: 'professional', ...(orgName ? { orgName } : {}), ...(cvr ? { cvr } : {}) };
  }
  return { type: 'unknown' };
}

export function describeContext(context: ObservedContext, t: DemoTranslate): string {
  switch (context.type) {
    case 'private':
      return t('context.private');
    case 'professional':
      return context.orgName && context.cvr
        ? t('context.professional', { org: context.orgName, cvr: context.cvr })
        : t('context.professional.unnamed');
    default:
      return t('context.unknown');
  }
}

/** Sorted rows; structured values (privileges, amr) as JSON. Times stay numbers: the demo shows the raw claims. */
export function claimRows(claims: ClaimSet): ClaimRow[] {
  return Object.keys(claims)
    .sort()
    .map((name) => {
      const value = claims[name];
      return { name, value: typeof value === 'string' ? value : JSON.stringify(value) ?? '' };
    });
}

/** acr is a URI; the last path segment (Low/Substantial/High) is what a person reads. */
/**
 * The NSIS level of an acr value by its name in the page's language ("Betydelig", not "Substantial": the
 * MitID pages say it that way); an acr that is not an NSIS level is shown by its last path segment.
 */
export function levelName(acr: unknown, lang: 'da' | 'en'): string {
  const value = text(acr);
  if (!value) return '—';
  const last = value.split('/').pop() ?? value;
  const level = last.toLowerCase();
  const names = messagesFor(lang).loa;
  return level === 'low' || level === 'substantial' || level === 'high' ? names[level] : last;
}

export function idpLabel(idp: unknown): string {
  if (idp === 'mitid') return 'MitID';
  if (idp === 'mitid_erhverv') return 'MitID Erhverv';
  return text(idp) ?? '—';
}
