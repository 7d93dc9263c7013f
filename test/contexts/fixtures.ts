// Small builders for synthetic logins, organisations and business users in the context-rule tests.
import type { BusinessUser, Organisation } from '../../src/domain/directory.ts';
import type { DedicatedMitIdLogin, PrivateMitIdLogin } from '../../src/domain/mitid.ts';

export const PERSON_CPR = '0101801234';
export const PRIVATE_MITID_UUID = '00000000-0000-4000-8000-000000000001';
export const DEDICATED_MITID_UUID = '00000000-0000-4000-8000-000000000002';

export function org(cvr: string, name: string, overrides: Partial<Organisation> = {}): Organisation {
  return {
    cvr,
    name,
    privateMitIdAllowed: true,
    allowedMeans: ['app', 'code_display', 'code_reader', 'chip'],
    sharedMeansAllowed: true,
    requiredLoa: 'substantial',
    status: 'connected',
    ...overrides,
  };
}

export function user(uuid: string, cvr: string, overrides: Partial<BusinessUser> = {}): BusinessUser {
  return {
    uuid,
    cvr,
    name: 'Work Name',
    givenName: 'Work',
    familyName: 'Name',
    email: 'work@example.dk',
    acceptedPrivateMitId: true,
    status: 'active',
    dedicatedMitIdUuids: [],
    privileges: [],
    ...overrides,
  };
}

export function privateLogin(overrides: Partial<PrivateMitIdLogin> = {}): PrivateMitIdLogin {
  return {
    kind: 'private',
    mitidUuid: PRIVATE_MITID_UUID,
    means: 'app',
    loa: 'substantial',
    amr: ['hwk'],
    authTime: 1_700_000_000,
    person: { cpr: PERSON_CPR, name: 'Privat Person', givenName: 'Privat', familyName: 'Person', birthdate: '1980-01-01' },
    ...overrides,
  };
}

export function dedicatedLogin(
  home: { professionalUuid: string; cvr: string },
  overrides: Partial<DedicatedMitIdLogin> = {},
): DedicatedMitIdLogin {
  return {
    kind: 'dedicated',
    mitidUuid: DEDICATED_MITID_UUID,
    means: 'app',
    loa: 'substantial',
    amr: ['hwk'],
    authTime: 1_700_000_000,
    business: { ...home, name: 'Work Name' },
    ...overrides,
  };
}

// Valid CVR numbers (modulus 11) for synthetic organisations.
export const CVR_A = '10000009';
export const CVR_B = '10000017';
export const CVR_C = '10000025';
export const UUID_1 = '11111111-1111-4111-8111-111111111111';
export const UUID_2 = '22222222-2222-4222-8222-222222222222';
export const UUID_3 = '33333333-3333-4333-8333-333333333333';
