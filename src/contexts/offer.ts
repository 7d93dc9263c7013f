// The context rules: which contexts a MitID login may act in, narrowed by the client and the login_hint, and why others are not offered.
import type { ActingContext, IdentityType, ProfessionalContext } from '../domain/context.ts';
import type { BusinessUser, Organisation } from '../domain/directory.ts';
import { loaAtLeast, type MitIdLogin } from '../domain/mitid.ts';
import type { DirectoryFacts } from './facts.ts';
import type { LoginHint } from './login-hint.ts';
import type { NotOffered, RefusalReason } from './refusal.ts';

export interface OfferInput {
  login: MitIdLogin;
  facts: DirectoryFacts;
  /** The client's `identity_types` metadata. */
  clientIdentityTypes: readonly IdentityType[];
  loginHint: LoginHint;
}

export interface ContextOffer {
  /** Private first, then organisations by name. At most one context per organisation. */
  offered: ActingContext[];
  /** One entry per context that was considered and refused, private first, then by name. */
  notOffered: NotOffered[];
}

/** A business user linked to the login, and whether it is the user ID's own (home) business user. */
interface Candidate {
  user: BusinessUser;
  home: boolean;
}

type Outcome = { context: ProfessionalContext } | { refusal: NotOffered };

export function offerContexts(input: OfferInput): ContextOffer {
  const organisations = new Map(input.facts.organisations.map((org) => [org.cvr, org]));
  const offered: ActingContext[] = [];
  const notOffered: NotOffered[] = [];

  const privateReason = privateRefusal(input);
  if (privateReason) notOffered.push({ target: { type: 'private' }, reason: privateReason });
  else offered.push({ type: 'private' });

  // One decision per organisation: the first candidate that qualifies wins (home user first),
  // otherwise the first candidate's refusal explains why the organisation is absent.
  const byCvr = new Map<string, Outcome>();
  for (const candidate of linkedCandidates(input.login, input.facts.businessUsers)) {
    const previous = byCvr.get(candidate.user.cvr);
    if (previous && 'context' in previous) continue;
    const outcome = evaluate(candidate, input, organisations);
    if (!previous || 'context' in outcome) byCvr.set(candidate.user.cvr, outcome);
  }

  const hint = input.loginHint;
  if (hint.kind === 'professional' && hint.cvr && !byCvr.has(hint.cvr)) {
    byCvr.set(hint.cvr, {
      refusal: {
        target: { type: 'professional', cvr: hint.cvr, orgName: organisations.get(hint.cvr)?.name ?? `CVR ${hint.cvr}` },
        reason: 'no_business_user_in_org',
      },
    });
  }

  const professionalOffered: ProfessionalContext[] = [];
  const professionalRefused: NotOffered[] = [];
  for (const outcome of byCvr.values()) {
    if ('context' in outcome) professionalOffered.push(outcome.context);
    else professionalRefused.push(outcome.refusal);
  }
  professionalOffered.sort((a, b) => byName(a.orgName, a.cvr, b.orgName, b.cvr));
  professionalRefused.sort((a, b) => byName(orgNameOf(a), cvrOf(a), orgNameOf(b), cvrOf(b)));
  return { offered: [...offered, ...professionalOffered], notOffered: [...notOffered, ...professionalRefused] };
}

function privateRefusal({ login, clientIdentityTypes, loginHint }: OfferInput): RefusalReason | undefined {
  if (login.kind !== 'private') return 'dedicated_mitid_cannot_act_privately';
  if (!clientIdentityTypes.includes('private')) return 'client_does_not_accept_private';
  if (loginHint.kind === 'professional') return 'excluded_by_login_hint';
  return undefined;
}

/**
 * The business users this login is really linked to. The facts are re-checked rather than trusted:
 * a private login reaches business users by the person's CPR; a dedicated user ID reaches its own
 * business user and those that list the user ID as shared. Home first, then by UUID, for stable results.
 */
function linkedCandidates(login: MitIdLogin, users: readonly BusinessUser[]): Candidate[] {
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  for (const user of users) {
    if (seen.has(user.uuid)) continue;
    if (login.kind === 'private') {
      if (user.personCpr === undefined || user.personCpr !== login.person.cpr) continue;
      candidates.push({ user, home: false });
    } else {
      const home = user.uuid === login.business.professionalUuid && user.cvr === login.business.cvr;
      if (!home && !user.dedicatedMitIdUuids.includes(login.mitidUuid)) continue;
      candidates.push({ user, home });
    }
    seen.add(user.uuid);
  }
  return candidates.sort((a, b) => Number(b.home) - Number(a.home) || compare(a.user.uuid, b.user.uuid));
}

function evaluate(candidate: Candidate, input: OfferInput, organisations: Map<string, Organisation>): Outcome {
  const { user } = candidate;
  const org = organisations.get(user.cvr);
  const target = { type: 'professional' as const, cvr: user.cvr, orgName: org?.name ?? `CVR ${user.cvr}` };
  // An organisation the directory does not know is treated like one that is no longer connected.
  if (!org) return { refusal: { target, reason: 'org_not_connected' } };
  const reason = refusalFor(candidate, org, input, organisations);
  if (reason) return { refusal: { target, reason } };
  return { context: { type: 'professional', cvr: org.cvr, orgName: org.name, businessUserUuid: user.uuid } };
}

/** The first rule the candidate breaks, in the order that explains best: directory facts, then client, then hint. */
function refusalFor(
  { user, home }: Candidate,
  org: Organisation,
  { login, clientIdentityTypes, loginHint }: OfferInput,
  organisations: Map<string, Organisation>,
): RefusalReason | undefined {
  if (org.status !== 'connected') return 'org_not_connected';
  if (user.status !== 'active') return 'business_user_not_active';
  if (login.kind === 'private') {
    if (!org.privateMitIdAllowed) return 'org_requires_dedicated_mitid';
    if (!user.acceptedPrivateMitId) return 'private_mitid_not_accepted_by_user';
  } else if (!home) {
    // A shared dedicated user ID: both its own organisation and this one must allow sharing.
    const homeOrg = organisations.get(login.business.cvr);
    if (!homeOrg?.sharedMeansAllowed || !org.sharedMeansAllowed) return 'sharing_not_allowed';
  }
  if (!org.allowedMeans.includes(login.means)) return 'means_not_allowed_by_org';
  if (!loaAtLeast(login.loa, org.requiredLoa)) return 'loa_below_org_requirement';
  if (!clientIdentityTypes.includes('professional')) return 'client_does_not_accept_professional';
  if (loginHint.kind === 'private') return 'excluded_by_login_hint';
  if (loginHint.kind === 'professional' && loginHint.cvr && loginHint.cvr !== org.cvr) return 'excluded_by_login_hint';
  return undefined;
}

function orgNameOf(entry: NotOffered): string {
  return entry.target.type === 'professional' ? entry.target.orgName : '';
}

function cvrOf(entry: NotOffered): string {
  return entry.target.type === 'professional' ? entry.target.cvr : '';
}

/** Danish collation so that "Æ", "Ø", "Å" sort as a Danish reader expects; CVR breaks ties. */
function byName(nameA: string, cvrA: string, nameB: string, cvrB: string): number {
  return nameA.localeCompare(nameB, 'da') || compare(cvrA, cvrB);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
