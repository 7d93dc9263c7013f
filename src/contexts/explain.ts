// Human, PII-free sentences (Danish and English) for why a context was not offered or why no context fits.
import type { LoginHint } from './login-hint.ts';
import type { ContextOffer } from './offer.ts';
import type { NotOffered, RefusalReason } from './refusal.ts';

export type Lang = 'da' | 'en';

type Phrase = (org: string) => string;

/**
 * One sentence per reason. Only organisation names and CVR numbers are interpolated: they are
 * public facts about organisations, never about the person (no CPR, no names, no user identifiers).
 */
const PHRASES: Record<Lang, Record<RefusalReason, Phrase>> = {
  en: {
    dedicated_mitid_cannot_act_privately: () => 'A dedicated business MitID cannot be used to act as a private person',
    client_does_not_accept_private: () => 'This service does not accept logins as a private person',
    client_does_not_accept_professional: (org) => `This service does not accept logins on behalf of an organisation such as ${org}`,
    org_requires_dedicated_mitid: (org) => `${org} requires a dedicated business MitID`,
    private_mitid_not_accepted_by_user: (org) => `You have not accepted using your private MitID for business use at ${org}`,
    business_user_not_active: (org) => `Your business user at ${org} is not active`,
    org_not_connected: (org) => `${org} is not connected to MitID Erhverv`,
    means_not_allowed_by_org: (org) => `${org} does not allow the identification means you used`,
    loa_below_org_requirement: (org) => `${org} requires a higher level of assurance than your login reached`,
    sharing_not_allowed: (org) => `This dedicated business MitID may not be shared with ${org}`,
    excluded_by_login_hint: (org) => `The service asked for another context than ${org}`,
    no_business_user_in_org: (org) => `You are not a business user of ${org}`,
  },
  da: {
    dedicated_mitid_cannot_act_privately: () => 'Et særskilt MitID til erhvervsbrug kan ikke bruges som privatperson',
    client_does_not_accept_private: () => 'Denne tjeneste tillader ikke login som privatperson',
    client_does_not_accept_professional: (org) => `Denne tjeneste tillader ikke login på vegne af en organisation som ${org}`,
    org_requires_dedicated_mitid: (org) => `${org} kræver et særskilt MitID til erhvervsbrug`,
    private_mitid_not_accepted_by_user: (org) => `Du har ikke accepteret at bruge dit private MitID til erhvervsbrug hos ${org}`,
    business_user_not_active: (org) => `Din erhvervsbruger hos ${org} er ikke aktiv`,
    org_not_connected: (org) => `${org} er ikke tilsluttet MitID Erhverv`,
    means_not_allowed_by_org: (org) => `${org} tillader ikke det identifikationsmiddel, du brugte`,
    loa_below_org_requirement: (org) => `${org} kræver et højere sikringsniveau, end dit login opnåede`,
    sharing_not_allowed: (org) => `Dette særskilte MitID til erhvervsbrug må ikke deles med ${org}`,
    excluded_by_login_hint: (org) => `Tjenesten bad om login på en anden måde end på vegne af ${org}`,
    no_business_user_in_org: (org) => `Du er ikke erhvervsbruger hos ${org}`,
  },
};

/** The private context excluded by a professional login_hint reads differently from an excluded organisation. */
const PRIVATE_EXCLUDED_BY_HINT: Record<Lang, string> = {
  en: 'The service asked for a login on behalf of an organisation',
  da: 'Tjenesten bad om login på vegne af en organisation',
};

const NO_ORGANISATION: Record<Lang, string> = {
  en: 'You cannot act on behalf of any organisation with this login',
  da: 'Du kan ikke handle på vegne af nogen organisation med dette login',
};

const NOTHING_AVAILABLE: Record<Lang, string> = {
  en: 'No context is available for this login',
  da: 'Du kan ikke logge på denne tjeneste med dette login',
};

/** Why one context was not offered (the chooser lists these under the choices). */
export function describeRefusal(entry: NotOffered, lang: Lang): string {
  if (entry.target.type === 'private') {
    if (entry.reason === 'excluded_by_login_hint') return PRIVATE_EXCLUDED_BY_HINT[lang];
    return PHRASES[lang][entry.reason]('');
  }
  return PHRASES[lang][entry.reason](entry.target.orgName);
}

/**
 * Why nothing was offered, for the error page and the OIDC error_description. Explains the
 * contexts the request aimed at (the login_hint's target), preferring real reasons over
 * "excluded by the hint"; several reasons are joined into one line.
 */
export function explainNoContext(offer: ContextOffer, hint: LoginHint, lang: Lang): string {
  const aimed = offer.notOffered.filter((entry) => matchesHint(entry, hint));
  const substantive = aimed.filter((entry) => entry.reason !== 'excluded_by_login_hint');
  const chosen = substantive.length > 0 ? substantive : aimed;
  if (chosen.length === 0) return hint.kind === 'professional' ? NO_ORGANISATION[lang] : NOTHING_AVAILABLE[lang];
  const sentences = [...new Set(chosen.map((entry) => describeRefusal(entry, lang)))];
  return sentences.join('. ');
}

function matchesHint(entry: NotOffered, hint: LoginHint): boolean {
  if (hint.kind === 'any') return true;
  if (hint.kind === 'private') return entry.target.type === 'private';
  if (entry.target.type !== 'professional') return false;
  return hint.cvr === undefined || entry.target.cvr === hint.cvr;
}

