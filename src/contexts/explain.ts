// Why no context fits: the refusals a request aimed at (reason codes) and the fixed English error_description for the relying party.
import type { LoginHint } from './login-hint.ts';
import type { ContextOffer } from './offer.ts';
import type { NotOffered, RefusalReason } from './refusal.ts';

type Phrase = (org: string) => string;

/**
 * The protocol's sentence per reason (error_description is English whatever the person reads). Only organisation
 * names and CVR numbers are interpolated: public facts about organisations, never about the person.
 * The pages' sentences (Danish and English) live in http/i18n.ts under refusal.<reason>.
 */
const DESCRIPTIONS: Record<RefusalReason, Phrase> = {
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
};

/** Why nothing was offered: the refusals to explain, or one of two reasons without a refusal to name. */
export type NoContextReasons = { kind: 'refusals'; refusals: NotOffered[] } | { kind: 'no_organisation' } | { kind: 'nothing_available' };

const SENTENCES = {
  private_excluded_by_hint: 'The service asked for a login on behalf of an organisation',
  no_organisation: 'You cannot act on behalf of any organisation with this login',
  nothing_available: 'No context is available for this login',
} as const;

/**
 * Explains the contexts the request aimed at (the login_hint's target), preferring real reasons over
 * "excluded by the hint".
 */
export function noContextReasons(offer: ContextOffer, hint: LoginHint): NoContextReasons {
  const aimed = offer.notOffered.filter((entry) => matchesHint(entry, hint));
  const substantive = aimed.filter((entry) => entry.reason !== 'excluded_by_login_hint');
  const chosen = substantive.length > 0 ? substantive : aimed;
  if (chosen.length > 0) return { kind: 'refusals', refusals: chosen };
  return { kind: hint.kind === 'professional' ? 'no_organisation' : 'nothing_available' };
}

/** The English sentence for one refusal (the private context excluded by a professional hint reads differently). */
export function refusalDescription(entry: NotOffered): string {
  if (entry.target.type === 'private') {
    return entry.reason === 'excluded_by_login_hint' ? SENTENCES.private_excluded_by_hint : DESCRIPTIONS[entry.reason]('');
  }
  return DESCRIPTIONS[entry.reason](entry.target.orgName);
}

/** The relying party's error_description when no context fits: several reasons joined into one line. */
export function noContextDescription(reasons: NoContextReasons): string {
  if (reasons.kind !== 'refusals') return SENTENCES[reasons.kind];
  return joinSentences(reasons.refusals.map(refusalDescription));
}

/** Distinct sentences, in order, as one line. */
export function joinSentences(sentences: readonly string[]): string {
  return [...new Set(sentences)].join('. ');
}

function matchesHint(entry: NotOffered, hint: LoginHint): boolean {
  if (hint.kind === 'any') return true;
  if (hint.kind === 'private') return entry.target.type === 'private';
  if (entry.target.type !== 'professional') return false;
  return hint.cvr === undefined || entry.target.cvr === hint.cvr;
}
