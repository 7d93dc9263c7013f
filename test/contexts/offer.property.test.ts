// Property tests: for arbitrary logins, directory facts, clients and hints, the offer obeys every rule of the brief.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noContextReasons } from '../../src/contexts/explain.ts';
import { describeRefusal, explainNoContext } from '../../src/journey/refusal-text.ts';
import type { LoginHint } from '../../src/contexts/login-hint.ts';
import { offerContexts, type OfferInput } from '../../src/contexts/offer.ts';
import { IDENTITY_TYPES } from '../../src/domain/context.ts';
import type { BusinessUser, Organisation } from '../../src/domain/directory.ts';
import { LOA_LEVELS, MEANS, loaAtLeast, type MitIdLogin } from '../../src/domain/mitid.ts';

const CVRS = ['10000009', '10000017', '10000025', '10000033'];
const UNKNOWN_CVR = '10000041';
const USER_UUIDS = [
  '11111111-1111-4111-8111-111111111111',
  '22222222-2222-4222-8222-222222222222',
  '33333333-3333-4333-8333-333333333333',
  '44444444-4444-4444-8444-444444444444',
  '55555555-5555-4555-8555-555555555555',
  '66666666-6666-4666-8666-666666666666',
];
const DEDICATED_UUIDS = ['aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'];
const CPRS = ['0101801234', '0202901236'];
const PERSON_NAME = 'Ingrid Personsen';
const ORG_NAMES = ['Alfa ApS', 'Beta A/S', 'Ørsted I/S', 'Åen Kommune', 'Alfa ApS'];

/** The given value most of the time, so that generated cases often pass every rule (and the rare refusals still occur). */
function mostly<T>(value: T, other: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: fc.constant(value), weight: 3 }, { arbitrary: other, weight: 1 });
}

const organisationArb = (cvr: string): fc.Arbitrary<Organisation> =>
  fc.record({
    cvr: fc.constant(cvr),
    name: fc.constantFrom(...ORG_NAMES),
    privateMitIdAllowed: mostly(true, fc.constant(false)),
    allowedMeans: mostly<Organisation['allowedMeans']>([...MEANS], fc.subarray([...MEANS])),
    sharedMeansAllowed: mostly(true, fc.constant(false)),
    requiredLoa: mostly<Organisation['requiredLoa']>('substantial', fc.constantFrom(...LOA_LEVELS)),
    status: mostly<Organisation['status']>('connected', fc.constant('disconnected')),
  });

const businessUserArb = (uuid: string): fc.Arbitrary<BusinessUser> =>
  fc.record(
    {
      uuid: fc.constant(uuid),
      cvr: fc.constantFrom(...CVRS),
      name: fc.constant(PERSON_NAME),
      givenName: fc.constant('Ingrid'),
      familyName: fc.constant('Personsen'),
      personCpr: mostly<string | undefined>(CPRS[0], fc.constantFrom(CPRS[1], undefined)),
      acceptedPrivateMitId: mostly(true, fc.constant(false)),
      status: mostly<BusinessUser['status']>('active', fc.constantFrom('pending', 'blocked', 'deleted')),
      dedicatedMitIdUuids: fc.subarray(DEDICATED_UUIDS),
      privileges: fc.constant([]),
    },
    {
      requiredKeys: [
        'uuid',
        'cvr',
        'name',
        'givenName',
        'familyName',
        'acceptedPrivateMitId',
        'status',
        'dedicatedMitIdUuids',
        'privileges',
      ],
    },
  );

const factsArb = fc
  .tuple(mostly(CVRS, fc.subarray(CVRS)), fc.subarray(USER_UUIDS))
  .chain(([cvrs, uuids]) =>
    fc.record({
      organisations: fc.tuple(...cvrs.map(organisationArb)),
      businessUsers: fc.tuple(...uuids.map(businessUserArb)),
    }),
  )
  .map(({ organisations, businessUsers }) => ({ organisations: [...organisations], businessUsers: [...businessUsers] }));

/** A login; dedicated ones usually belong to one of the generated business users (sometimes to nobody known). */
const loginArbFor = (users: BusinessUser[]): fc.Arbitrary<MitIdLogin> => {
  const homes = fc.oneof(
    { arbitrary: fc.record({ professionalUuid: fc.constantFrom(...USER_UUIDS), cvr: fc.constantFrom(...CVRS) }), weight: 1 },
    ...(users.length
      ? [{ arbitrary: fc.constantFrom(...users).map((user) => ({ professionalUuid: user.uuid, cvr: user.cvr })), weight: 3 }]
      : []),
  );
  return fc.oneof(
    fc.record({
      kind: fc.constant('private' as const),
      mitidUuid: fc.constant('99999999-9999-4999-8999-999999999999'),
      means: mostly<MitIdLogin['means']>('app', fc.constantFrom(...MEANS)),
      loa: mostly<MitIdLogin['loa']>('substantial', fc.constantFrom(...LOA_LEVELS)),
      amr: fc.constant<string[]>(['hwk']),
      authTime: fc.constant(1_700_000_000),
      person: fc.record({
        cpr: mostly(CPRS[0]!, fc.constant(CPRS[1]!)),
        name: fc.constant(PERSON_NAME),
        givenName: fc.constant('Ingrid'),
        familyName: fc.constant('Personsen'),
        birthdate: fc.constant('1980-01-01'),
      }),
    }),
    fc.record({
      kind: fc.constant('dedicated' as const),
      mitidUuid: fc.constantFrom(...DEDICATED_UUIDS),
      means: mostly<MitIdLogin['means']>('app', fc.constantFrom(...MEANS)),
      loa: mostly<MitIdLogin['loa']>('substantial', fc.constantFrom(...LOA_LEVELS)),
      amr: fc.constant<string[]>(['hwk']),
      authTime: fc.constant(1_700_000_000),
      business: homes.map((home) => ({ ...home, name: PERSON_NAME })),
    }),
  );
};

const hintArb: fc.Arbitrary<LoginHint> = fc.oneof(
  fc.constant({ kind: 'any' as const }),
  fc.constant({ kind: 'private' as const }),
  fc.constant({ kind: 'professional' as const }),
  fc.constantFrom(...CVRS, UNKNOWN_CVR).map((cvr) => ({ kind: 'professional' as const, cvr })),
);

const inputArb: fc.Arbitrary<OfferInput> = factsArb.chain((facts) =>
  fc.record({
    login: loginArbFor(facts.businessUsers),
    facts: fc.constant(facts),
    clientIdentityTypes: mostly<OfferInput['clientIdentityTypes']>([...IDENTITY_TYPES], fc.subarray([...IDENTITY_TYPES])),
    loginHint: mostly<LoginHint>({ kind: 'any' }, hintArb),
  }),
);

/** The brief's rules restated independently: may this business user act for its organisation under this input? */
function eligible(user: BusinessUser, input: OfferInput): boolean {
  const { login, facts, clientIdentityTypes, loginHint } = input;
  const org = facts.organisations.find((candidate) => candidate.cvr === user.cvr);
  if (org?.status !== 'connected' || user.status !== 'active') return false;
  if (!org.allowedMeans.includes(login.means) || !loaAtLeast(login.loa, org.requiredLoa)) return false;
  if (!clientIdentityTypes.includes('professional') || loginHint.kind === 'private') return false;
  if (loginHint.kind === 'professional' && loginHint.cvr !== undefined && loginHint.cvr !== org.cvr) return false;
  if (login.kind === 'private') {
    return user.personCpr === login.person.cpr && org.privateMitIdAllowed && user.acceptedPrivateMitId;
  }
  const ownUser = user.uuid === login.business.professionalUuid && user.cvr === login.business.cvr;
  if (ownUser) return true;
  const homeOrg = facts.organisations.find((candidate) => candidate.cvr === login.business.cvr);
  return user.dedicatedMitIdUuids.includes(login.mitidUuid) && !!homeOrg?.sharedMeansAllowed && org.sharedMeansAllowed;
}

const RUNS = { numRuns: 1000 };

describe('offerContexts properties', () => {
  it('private is offered exactly when a private login meets a client and hint that accept it', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const privateOffered = offerContexts(input).offered.some((context) => context.type === 'private');
        const expected =
          input.login.kind === 'private' && input.clientIdentityTypes.includes('private') && input.loginHint.kind !== 'professional';
        expect(privateOffered).toBe(expected);
      }),
      RUNS,
    );
  });

  it('every offered organisation satisfies all conditions, through the business user it names', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const context of offerContexts(input).offered) {
          if (context.type !== 'professional') continue;
          const user = input.facts.businessUsers.find((candidate) => candidate.uuid === context.businessUserUuid);
          const org = input.facts.organisations.find((candidate) => candidate.cvr === context.cvr);
          expect(user?.cvr).toBe(context.cvr);
          expect(org?.name).toBe(context.orgName);
          expect(eligible(user!, input)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('every organisation with an eligible business user is offered (nothing is silently dropped)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const offered = new Set(offerContexts(input).offered.flatMap((context) => (context.type === 'professional' ? [context.cvr] : [])));
        for (const user of input.facts.businessUsers) if (eligible(user, input)) expect(offered.has(user.cvr)).toBe(true);
      }),
      RUNS,
    );
  });

  it('a dedicated login never gets private, and never an organisation reached only through a CPR link', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        if (input.login.kind !== 'dedicated') return;
        const { login } = input;
        for (const context of offerContexts(input).offered) {
          expect(context.type).toBe('professional');
          const user = input.facts.businessUsers.find(
            (candidate) => candidate.uuid === (context as { businessUserUuid: string }).businessUserUuid,
          )!;
          expect(user.uuid === login.business.professionalUuid || user.dedicatedMitIdUuids.includes(login.mitidUuid)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('respects identity_types and the hint', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { offered } = offerContexts(input);
        for (const context of offered) {
          expect(input.clientIdentityTypes).toContain(context.type);
          if (input.loginHint.kind === 'private') expect(context.type).toBe('private');
          if (input.loginHint.kind === 'professional') {
            expect(context.type).toBe('professional');
            if (input.loginHint.cvr) expect(context).toMatchObject({ cvr: input.loginHint.cvr });
          }
        }
      }),
      RUNS,
    );
  });

  it('one entry per context: no duplicates, nothing both offered and refused; private first, then by name', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { offered, notOffered } = offerContexts(input);
        const offeredKeys = offered.map((context) => (context.type === 'private' ? 'private' : context.cvr));
        const refusedKeys = notOffered.map((entry) => (entry.target.type === 'private' ? 'private' : entry.target.cvr));
        expect(new Set(offeredKeys).size).toBe(offeredKeys.length);
        expect(new Set(refusedKeys).size).toBe(refusedKeys.length);
        for (const key of offeredKeys) expect(refusedKeys).not.toContain(key);
        // Private is always decided one way or the other.
        expect([...offeredKeys, ...refusedKeys]).toContain('private');
        const names = offered.flatMap((context) => (context.type === 'professional' ? [context.orgName] : []));
        if (offered.some((context) => context.type === 'private')) expect(offered[0]).toEqual({ type: 'private' });
        for (let i = 1; i < names.length; i++) expect(names[i - 1]!.localeCompare(names[i]!, 'da')).toBeLessThanOrEqual(0);
      }),
      RUNS,
    );
  });

  it('explanations carry no CPR, person name or identifier, in either language', () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom('da' as const, 'en' as const), (input, lang) => {
        const offer = offerContexts(input);
        const texts = [
          explainNoContext(noContextReasons(offer, input.loginHint), lang),
          ...offer.notOffered.map((entry) => describeRefusal(entry, lang)),
        ];
        for (const text of texts) {
          expect(text.length).toBeGreaterThan(0);
          for (const secret of [...CPRS, ...USER_UUIDS, ...DEDICATED_UUIDS, PERSON_NAME, 'Ingrid', 'Personsen'])
            expect(text).not.toContain(secret);
        }
      }),
      RUNS,
    );
  });
});
