// Each context rule on its own, with synthetic directory facts: what is offered, what is not, and why.
import { describe, expect, it } from 'vitest';
import { offerContexts, type OfferInput } from '../../src/contexts/offer.ts';
import type { LoginHint } from '../../src/contexts/login-hint.ts';
import type { RefusalReason } from '../../src/contexts/refusal.ts';
import type { BusinessUser, Organisation } from '../../src/domain/directory.ts';
import type { MitIdLogin } from '../../src/domain/mitid.ts';
import {
  CVR_A,
  CVR_B,
  CVR_C,
  DEDICATED_MITID_UUID,
  PERSON_CPR,
  UUID_1,
  UUID_2,
  UUID_3,
  dedicatedLogin,
  org,
  privateLogin,
  user,
} from './fixtures.ts';

function run(
  login: MitIdLogin,
  organisations: Organisation[],
  businessUsers: BusinessUser[],
  options: Partial<Pick<OfferInput, 'clientIdentityTypes' | 'loginHint'>> = {},
) {
  return offerContexts({
    login,
    facts: { organisations, businessUsers },
    clientIdentityTypes: options.clientIdentityTypes ?? ['private', 'professional'],
    loginHint: options.loginHint ?? { kind: 'any' },
  });
}

/** The single refusal for CVR_A, for one rule at a time. */
function reasonForA(login: MitIdLogin, organisation: Organisation, businessUser: BusinessUser, options = {}): RefusalReason | 'offered' {
  const offer = run(login, [organisation], [businessUser], options);
  if (offer.offered.some((context) => context.type === 'professional' && context.cvr === CVR_A)) return 'offered';
  const entry = offer.notOffered.find((refusal) => refusal.target.type === 'professional' && refusal.target.cvr === CVR_A);
  if (!entry) throw new Error('organisation A neither offered nor refused');
  return entry.reason;
}

const linked = (overrides: Partial<BusinessUser> = {}) => user(UUID_1, CVR_A, { personCpr: PERSON_CPR, ...overrides });

describe('private MitID login', () => {
  it('is always offered the private context, first', () => {
    const offer = run(privateLogin(), [org(CVR_A, 'Alfa')], [linked()]);
    expect(offer.offered[0]).toEqual({ type: 'private' });
  });

  it('offers an organisation where all conditions hold', () => {
    expect(reasonForA(privateLogin(), org(CVR_A, 'Alfa'), linked())).toBe('offered');
  });

  it.each<[string, Partial<Organisation>, Partial<BusinessUser>, RefusalReason]>([
    ['org does not allow private MitID', { privateMitIdAllowed: false }, {}, 'org_requires_dedicated_mitid'],
    ['user did not accept private MitID', {}, { acceptedPrivateMitId: false }, 'private_mitid_not_accepted_by_user'],
    ['business user blocked', {}, { status: 'blocked' }, 'business_user_not_active'],
    ['business user deleted', {}, { status: 'deleted' }, 'business_user_not_active'],
    ['business user pending', {}, { status: 'pending' }, 'business_user_not_active'],
    ['org disconnected', { status: 'disconnected' }, {}, 'org_not_connected'],
    ['means not allowed', { allowedMeans: ['chip'] }, {}, 'means_not_allowed_by_org'],
    ['LoA below requirement', { requiredLoa: 'high' }, {}, 'loa_below_org_requirement'],
  ])('refuses when %s', (_label, orgOverrides, userOverrides, reason) => {
    expect(reasonForA(privateLogin(), org(CVR_A, 'Alfa', orgOverrides), linked(userOverrides))).toBe(reason);
  });

  it('a high login meets a high requirement', () => {
    expect(reasonForA(privateLogin({ means: 'chip', loa: 'high' }), org(CVR_A, 'Alfa', { requiredLoa: 'high' }), linked())).toBe('offered');
  });

  it('ignores business users of another person, even when the facts contain them', () => {
    const offer = run(privateLogin(), [org(CVR_A, 'Alfa')], [user(UUID_1, CVR_A, { personCpr: '0202021234' }), user(UUID_2, CVR_A)]);
    expect(offer).toEqual({ offered: [{ type: 'private' }], notOffered: [] });
  });

  it('ignores business users that only share the dedicated user ID of someone', () => {
    const offer = run(privateLogin(), [org(CVR_A, 'Alfa')], [user(UUID_1, CVR_A, { dedicatedMitIdUuids: [DEDICATED_MITID_UUID] })]);
    expect(offer.offered).toEqual([{ type: 'private' }]);
  });

  it('an organisation missing from the facts counts as not connected', () => {
    const offer = run(privateLogin(), [], [linked()]);
    expect(offer.notOffered).toEqual([
      { target: { type: 'professional', cvr: CVR_A, orgName: `CVR ${CVR_A}` }, reason: 'org_not_connected' },
    ]);
  });

  it('orders organisations by (Danish) name and offers one context per organisation', () => {
    const offer = run(
      privateLogin(),
      [org(CVR_A, 'Ågade ApS'), org(CVR_B, 'Bager A/S'), org(CVR_C, 'Ørsted Revision')],
      [
        linked(),
        user(UUID_2, CVR_B, { personCpr: PERSON_CPR }),
        user(UUID_3, CVR_C, { personCpr: PERSON_CPR }),
        user('44444444-4444-4444-8444-444444444444', CVR_B, { personCpr: PERSON_CPR }),
      ],
    );
    expect(offer.offered.map((context) => (context.type === 'private' ? 'private' : context.orgName))).toEqual([
      'private',
      'Bager A/S',
      'Ørsted Revision',
      'Ågade ApS',
    ]);
    expect(offer.offered.filter((context) => context.type === 'professional' && context.cvr === CVR_B)).toHaveLength(1);
  });

  it('when two users of one person sit in one organisation, an eligible one wins over a blocked one', () => {
    const offer = run(
      privateLogin(),
      [org(CVR_A, 'Alfa')],
      [user(UUID_1, CVR_A, { personCpr: PERSON_CPR, status: 'blocked' }), user(UUID_2, CVR_A, { personCpr: PERSON_CPR })],
    );
    expect(offer.offered[1]).toMatchObject({ cvr: CVR_A, businessUserUuid: UUID_2 });
    expect(offer.notOffered).toEqual([]);
  });
});

describe('dedicated business MitID login', () => {
  const home = { professionalUuid: UUID_1, cvr: CVR_A };

  it('is never offered private, whatever the client and hint', () => {
    for (const loginHint of [{ kind: 'any' }, { kind: 'private' }] as LoginHint[]) {
      const offer = run(dedicatedLogin(home), [org(CVR_A, 'Alfa')], [user(UUID_1, CVR_A)], { clientIdentityTypes: ['private'], loginHint });
      expect(offer.offered).toEqual([]);
      expect(offer.notOffered[0]).toEqual({ target: { type: 'private' }, reason: 'dedicated_mitid_cannot_act_privately' });
    }
  });

  it('offers the organisation the user ID belongs to, even when it does not allow private MitID or sharing', () => {
    const offer = run(
      dedicatedLogin(home),
      [org(CVR_A, 'Alfa', { privateMitIdAllowed: false, sharedMeansAllowed: false })],
      [user(UUID_1, CVR_A, { acceptedPrivateMitId: false })],
    );
    expect(offer.offered).toEqual([{ type: 'professional', cvr: CVR_A, orgName: 'Alfa', businessUserUuid: UUID_1 }]);
  });

  it('does not reach business users linked by CPR only', () => {
    const offer = run(
      dedicatedLogin(home),
      [org(CVR_A, 'Alfa'), org(CVR_B, 'Beta')],
      [user(UUID_1, CVR_A), user(UUID_2, CVR_B, { personCpr: PERSON_CPR })],
    );
    expect(offer.offered.map((context) => context.type === 'professional' && context.cvr)).toEqual([CVR_A]);
    expect(offer.notOffered).toHaveLength(1);
  });

  it('does not take the home user from the facts when its organisation differs from the login', () => {
    const offer = run(dedicatedLogin(home), [org(CVR_B, 'Beta')], [user(UUID_1, CVR_B)]);
    expect(offer.offered).toEqual([]);
  });

  it.each<[string, boolean, boolean, RefusalReason | 'offered']>([
    ['both allow sharing', true, true, 'offered'],
    ['home does not allow sharing', false, true, 'sharing_not_allowed'],
    ['other does not allow sharing', true, false, 'sharing_not_allowed'],
    ['neither allows sharing', false, false, 'sharing_not_allowed'],
  ])('shared user ID in another organisation: %s', (_label, homeShares, otherShares, expected) => {
    const offer = run(
      dedicatedLogin({ professionalUuid: UUID_2, cvr: CVR_B }),
      [org(CVR_B, 'Home', { sharedMeansAllowed: homeShares }), org(CVR_A, 'Other', { sharedMeansAllowed: otherShares })],
      [user(UUID_2, CVR_B), user(UUID_1, CVR_A, { dedicatedMitIdUuids: [DEDICATED_MITID_UUID] })],
    );
    const other = offer.offered.some((context) => context.type === 'professional' && context.cvr === CVR_A);
    const refusal = offer.notOffered.find((entry) => entry.target.type === 'professional' && entry.target.cvr === CVR_A);
    expect(other ? 'offered' : refusal?.reason).toBe(expected);
    expect(offer.offered.some((context) => context.type === 'professional' && context.cvr === CVR_B)).toBe(true);
  });

  it('sharing needs a known home organisation', () => {
    const offer = run(
      dedicatedLogin({ professionalUuid: UUID_2, cvr: CVR_B }),
      [org(CVR_A, 'Other')],
      [user(UUID_1, CVR_A, { dedicatedMitIdUuids: [DEDICATED_MITID_UUID] })],
    );
    expect(offer.notOffered.at(-1)?.reason).toBe('sharing_not_allowed');
  });

  it.each<[string, Partial<Organisation>, Partial<BusinessUser>, RefusalReason]>([
    ['blocked home user', {}, { status: 'blocked' }, 'business_user_not_active'],
    ['disconnected home org', { status: 'disconnected' }, {}, 'org_not_connected'],
    ['means not allowed', { allowedMeans: ['code_display'] }, {}, 'means_not_allowed_by_org'],
    ['LoA below requirement', { requiredLoa: 'high' }, {}, 'loa_below_org_requirement'],
  ])('refuses the home organisation for %s', (_label, orgOverrides, userOverrides, reason) => {
    expect(reasonForA(dedicatedLogin(home), org(CVR_A, 'Alfa', orgOverrides), user(UUID_1, CVR_A, userOverrides))).toBe(reason);
  });
});

describe('narrowing by the client and the login_hint', () => {
  const facts = (): [Organisation[], BusinessUser[]] => [
    [org(CVR_A, 'Alfa'), org(CVR_B, 'Beta')],
    [linked(), user(UUID_2, CVR_B, { personCpr: PERSON_CPR })],
  ];

  it('identity_types ["professional"] drops private', () => {
    const offer = run(privateLogin(), ...facts(), { clientIdentityTypes: ['professional'] });
    expect(offer.offered.map((context) => context.type)).toEqual(['professional', 'professional']);
    expect(offer.notOffered).toEqual([{ target: { type: 'private' }, reason: 'client_does_not_accept_private' }]);
  });

  it('identity_types ["private"] drops every organisation', () => {
    const offer = run(privateLogin(), ...facts(), { clientIdentityTypes: ['private'] });
    expect(offer.offered).toEqual([{ type: 'private' }]);
    expect(offer.notOffered.map((entry) => entry.reason)).toEqual([
      'client_does_not_accept_professional',
      'client_does_not_accept_professional',
    ]);
  });

  it('hint private keeps only private', () => {
    const offer = run(privateLogin(), ...facts(), { loginHint: { kind: 'private' } });
    expect(offer.offered).toEqual([{ type: 'private' }]);
    expect(new Set(offer.notOffered.map((entry) => entry.reason))).toEqual(new Set(['excluded_by_login_hint']));
  });

  it('hint professional keeps every organisation', () => {
    const offer = run(privateLogin(), ...facts(), { loginHint: { kind: 'professional' } });
    expect(offer.offered.map((context) => context.type === 'professional' && context.cvr)).toEqual([CVR_A, CVR_B]);
    expect(offer.notOffered).toEqual([{ target: { type: 'private' }, reason: 'excluded_by_login_hint' }]);
  });

  it('hint professional:cvr keeps only that organisation', () => {
    const offer = run(privateLogin(), ...facts(), { loginHint: { kind: 'professional', cvr: CVR_B } });
    expect(offer.offered).toEqual([{ type: 'professional', cvr: CVR_B, orgName: 'Beta', businessUserUuid: UUID_2 }]);
  });

  it('hint professional:cvr for an unrelated organisation: no_business_user_in_org', () => {
    const offer = run(privateLogin(), ...facts(), { loginHint: { kind: 'professional', cvr: CVR_C } });
    expect(offer.offered).toEqual([]);
    expect(offer.notOffered).toContainEqual({
      target: { type: 'professional', cvr: CVR_C, orgName: `CVR ${CVR_C}` },
      reason: 'no_business_user_in_org',
    });
  });

  it('directory reasons come before client and hint reasons', () => {
    const offer = run(privateLogin(), [org(CVR_A, 'Alfa', { privateMitIdAllowed: false })], [linked()], {
      clientIdentityTypes: ['private'],
      loginHint: { kind: 'private' },
    });
    expect(offer.notOffered).toEqual([
      { target: { type: 'professional', cvr: CVR_A, orgName: 'Alfa' }, reason: 'org_requires_dedicated_mitid' },
    ]);
  });
});
