// Property tests: whatever the scopes and entitlements, releaseClaims never leaks across contexts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRIVATE_CLAIMS, PROFESSIONAL_CLAIMS } from '../../src/contexts/claims-profile.ts';
import type { Entitlement } from '../../src/contexts/claims-table.ts';
import { releaseClaims, type PrivateSubject, type ProfessionalSubject } from '../../src/contexts/claims.ts';
import type { ActingContext } from '../../src/domain/context.ts';
import type { Idp } from '../../src/domain/mitid.ts';
import { CVR_A, UUID_1, org, user } from './fixtures.ts';

const CPR = '0101801234';
const MITID_UUID = '8292d8fe-43d2-4fba-a853-a22d2afd5e7e';
const DEDICATED_UUID = '9138b07c-29cc-48f4-895e-3a98be94e2da';
const BIRTHDATE = '1980-01-01';
const KNOWN_SCOPES = ['openid', 'profile', 'email', 'mitid', 'cpr', 'professional', 'privileges', 'offline_access'];

const PRIVATE_SUBJECT: PrivateSubject = {
  type: 'private',
  mitidUuid: MITID_UUID,
  cpr: CPR,
  name: 'Privat Navn',
  givenName: 'Privat',
  familyName: 'Navn',
  birthdate: BIRTHDATE,
};

/** The business user of the same human: its record even holds the CPR link and the dedicated user ID. */
const professionalSubjectArb: fc.Arbitrary<ProfessionalSubject> = fc
  .record({
    rid: fc.option(fc.constant('93847562'), { nil: undefined }),
    email: fc.option(fc.constant('work@firma.dk'), { nil: undefined }),
  })
  .map(({ rid, email }) => ({
    type: 'professional',
    businessUser: user(UUID_1, CVR_A, {
      rid,
      email,
      personCpr: CPR,
      dedicatedMitIdUuids: [DEDICATED_UUID, MITID_UUID],
      privileges: [{ cvr: CVR_A, privileges: ['urn:dk:digitalpost:privilege:read'] }],
    }),
    organisation: org(CVR_A, 'Firma ApS'),
  }));

const scopesArb = fc.array(fc.oneof(fc.constantFrom(...KNOWN_SCOPES), fc.string({ maxLength: 12 })), { maxLength: 12 });
const entitlementsArb = fc.subarray<Entitlement>(['cpr', 'mitid']);

const PROFESSIONAL_CONTEXT: ActingContext = { type: 'professional', cvr: CVR_A, orgName: 'Firma ApS', businessUserUuid: UUID_1 };

describe('releaseClaims properties', () => {
  it('a private context releases only private allow-list keys; cpr and mitid need scope and entitlement', () => {
    fc.assert(
      fc.property(scopesArb, entitlementsArb, (scopes, entitlements) => {
        const claims = releaseClaims({ context: { type: 'private' }, scopes, entitlements, idp: 'mitid', subject: PRIVATE_SUBJECT });
        for (const key of Object.keys(claims)) expect(PRIVATE_CLAIMS as readonly string[]).toContain(key);
        expect(Object.keys(claims).some((key) => key.startsWith('professional.'))).toBe(false);
        expect(claims.identity_type).toBe('private');
        expect('dk.cpr' in claims).toBe(scopes.includes('cpr') && entitlements.includes('cpr'));
        expect('mitid.uuid' in claims).toBe(scopes.includes('mitid') && entitlements.includes('mitid'));
        expect('birthdate' in claims).toBe(scopes.includes('profile'));
      }),
      { numRuns: 500 },
    );
  });

  it('a professional context releases only professional keys and no private value, whatever it is asked', () => {
    fc.assert(
      fc.property(
        scopesArb,
        entitlementsArb,
        professionalSubjectArb,
        fc.constantFrom<Idp>('mitid', 'mitid_erhverv'),
        (scopes, entitlements, subject, idp) => {
          const claims = releaseClaims({ context: PROFESSIONAL_CONTEXT, scopes, entitlements, idp, subject });
          for (const key of Object.keys(claims)) expect(PROFESSIONAL_CLAIMS as readonly string[]).toContain(key);
          expect(claims.identity_type).toBe('professional');
          const text = JSON.stringify(claims);
          for (const secret of [CPR, MITID_UUID, DEDICATED_UUID, BIRTHDATE, 'dk.cpr', 'mitid.uuid', 'birthdate'])
            expect(text).not.toContain(secret);
          expect('professional.rid' in claims).toBe(scopes.includes('professional') && subject.businessUser.rid !== undefined);
        },
      ),
      { numRuns: 500 },
    );
  });
});
