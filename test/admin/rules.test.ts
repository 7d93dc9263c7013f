// The administration's pure rules: transitions, the last organisation administrator, CPR xor birth date, means, sharing (unit + property tests).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AdminError } from '../../src/admin/errors.ts';
import {
  consentTransitionAllowed,
  countsAsOrganisationAdministrator,
  identityKindOf,
  maskCpr,
  organisationTransitionAllowed,
  requireMeansAllowed,
  requireOrganisationAdministratorRemains,
  sharingAllowed,
  userTransitionAllowed,
} from '../../src/admin/rules.ts';
import { MEANS } from '../../src/domain/mitid.ts';
import { ROLES, USER_STATES } from '../../src/directory/records.ts';

const userArb = fc.record({
  uuid: fc.uuid(),
  roles: fc.subarray([...ROLES]),
  state: fc.constantFrom(...USER_STATES),
});

function refusal(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof AdminError) return error.code;
    throw error;
  }
}

describe('state transitions', () => {
  it('follow ADMIN.md for business users', () => {
    expect(userTransitionAllowed('created', 'pending_activation')).toBe(true);
    expect(userTransitionAllowed('imported', 'pending_activation')).toBe(true);
    expect(userTransitionAllowed('pending_activation', 'active')).toBe(true);
    expect(userTransitionAllowed('active', 'deactivated')).toBe(true);
    expect(userTransitionAllowed('deactivated', 'active')).toBe(true);
    expect(userTransitionAllowed('created', 'active')).toBe(false);
    expect(userTransitionAllowed('pending_activation', 'deactivated')).toBe(false);
  });

  it('make deleted final and reachable from every other state', () => {
    fc.assert(
      fc.property(fc.constantFrom(...USER_STATES), fc.constantFrom(...USER_STATES), (from, to) => {
        if (from === 'deleted') expect(userTransitionAllowed(from, to)).toBe(false);
        else if (to === 'deleted') expect(userTransitionAllowed(from, to)).toBe(true);
        // No state moves to itself: a repeated command is a conflict, not a silent success.
        if (from === to) expect(userTransitionAllowed(from, to)).toBe(false);
      }),
    );
  });

  it('make organisations pending_setup → connected → disconnected, disconnected final', () => {
    expect(organisationTransitionAllowed('pending_setup', 'connected')).toBe(true);
    expect(organisationTransitionAllowed('connected', 'disconnected')).toBe(true);
    expect(organisationTransitionAllowed('disconnected', 'connected')).toBe(false);
    expect(organisationTransitionAllowed('connected', 'pending_setup')).toBe(false);
  });

  it('let consent be withdrawn only after it was accepted', () => {
    expect(consentTransitionAllowed('none', 'accepted')).toBe(true);
    expect(consentTransitionAllowed('accepted', 'withdrawn')).toBe(true);
    expect(consentTransitionAllowed('none', 'withdrawn')).toBe(false);
    expect(consentTransitionAllowed('withdrawn', 'accepted')).toBe(false);
  });
});

describe('the last organisation administrator', () => {
  it('is never removed: after any allowed change an organisation that had one still has one', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(userArb, { selector: (user) => user.uuid, minLength: 1, maxLength: 8 }),
        fc.nat(),
        userArb,
        (users, pick, change) => {
          const target = users[pick % users.length]!;
          const changed = { ...change, uuid: target.uuid };
          const code = refusal(() => requireOrganisationAdministratorRemains(users, changed));
          const after = users.map((user) => (user.uuid === target.uuid ? changed : user));
          const hadOne = users.some(countsAsOrganisationAdministrator);
          const hasOne = after.some(countsAsOrganisationAdministrator);
          if (code === undefined) expect(!hadOne || hasOne).toBe(true);
          else expect(code === 'last_organisation_administrator' && hadOne && !hasOne).toBe(true);
        },
      ),
    );
  });

  it('refuses deactivating the only administrator and allows it when another remains', () => {
    const only = { uuid: 'a', roles: ['organisation_administrator' as const], state: 'active' as const };
    expect(refusal(() => requireOrganisationAdministratorRemains([only], { ...only, state: 'deactivated' }))).toBe(
      'last_organisation_administrator',
    );
    const second = { ...only, uuid: 'b' };
    expect(refusal(() => requireOrganisationAdministratorRemains([only, second], { ...only, state: 'deactivated' }))).toBeUndefined();
  });
});

describe('person identity', () => {
  it('needs exactly one of CPR and birth date', () => {
    fc.assert(
      fc.property(
        fc.option(fc.constant('0101011234'), { nil: undefined }),
        fc.option(fc.constant('1990-01-01'), { nil: undefined }),
        (cpr, birthDate) => {
          const code = refusal(() => identityKindOf({ cpr, birthDate }));
          expect(code === undefined).toBe((cpr === undefined) !== (birthDate === undefined));
        },
      ),
    );
  });

  it('masks a CPR as DDMMYY-XXXX, never showing the last four digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{10}$/), (cpr) => {
        const masked = maskCpr(cpr);
        // Exactly the birth-date part and a fixed mask: the last four digits cannot appear in their position.
        expect(masked).toBe(`${cpr.slice(0, 6)}-XXXX`);
      }),
    );
  });
});

describe('means and sharing', () => {
  it('allows exactly the means the organisation allows', () => {
    fc.assert(
      fc.property(fc.subarray([...MEANS], { minLength: 1 }), fc.subarray([...MEANS]), (allowed, chosen) => {
        const code = refusal(() => requireMeansAllowed({ allowedMeans: allowed }, chosen));
        expect(code === undefined).toBe(chosen.every((means) => allowed.includes(means)));
      }),
    );
  });

  it('shares a dedicated user ID only where both organisations allow it', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), (home, other) => {
        expect(sharingAllowed({ sharedMeansAllowed: home }, { sharedMeansAllowed: other })).toBe(home && other);
      }),
    );
  });
});
