// Unit tests of the claim mapping: defaults, broker overrides, missing and invalid claims, identities never mixed.
import { describe, expect, it } from 'vitest';
import { loaToAcr } from '../../src/domain/mitid.ts';
import { DEFAULT_CLAIM_MAPPING, mapClaimsToLogin, resolveClaimMapping, type Claims } from '../../src/upstream/claim-mapping.ts';
import { UpstreamError } from '../../src/upstream/errors.ts';

const privateClaims = (): Claims => ({
  sub: '8292d8fe-43d2-4fba-a853-a22d2afd5e7e',
  idp: 'mitid',
  identity_type: 'private',
  'mitid.uuid': '8292d8fe-43d2-4fba-a853-a22d2afd5e7e',
  'mitid.means': 'code_display',
  name: 'Jens Hansen',
  given_name: 'Jens',
  family_name: 'Hansen',
  birthdate: '1980-05-15',
  'dk.cpr': '1505801234',
  acr: loaToAcr('substantial'),
  amr: ['otp'],
  auth_time: 1_700_000_000,
});

const dedicatedClaims = (): Claims => ({
  sub: '9138b07c-29cc-48f4-895e-3a98be94e2da',
  idp: 'mitid_erhverv',
  identity_type: 'professional',
  'mitid.uuid': '9138b07c-29cc-48f4-895e-3a98be94e2da',
  'mitid.means': 'chip',
  name: 'Jens Hansen',
  given_name: 'Jens',
  family_name: 'Hansen',
  'professional.uuid': 'dd4ae5da-30aa-48d4-b816-e6275e03d22d',
  'professional.cvr': '34567891',
  acr: loaToAcr('high'),
  amr: ['hwk', 'pwd'],
  auth_time: 1_700_000_100,
});

function expectInvalid(claims: Claims, claimName: string, mapping = DEFAULT_CLAIM_MAPPING): UpstreamError {
  let caught: unknown;
  try {
    mapClaimsToLogin(claims, mapping);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(UpstreamError);
  const error = caught as UpstreamError;
  expect(error.code).toBe('invalid_response');
  expect(error.oidcError).toBe('server_error');
  expect(error.message).toContain(`"${claimName}"`);
  expect(error.detail).toBe(claimName);
  return error;
}

describe('default claim mapping', () => {
  it('maps a private login', () => {
    expect(mapClaimsToLogin(privateClaims())).toEqual({
      kind: 'private',
      mitidUuid: '8292d8fe-43d2-4fba-a853-a22d2afd5e7e',
      means: 'code_display',
      loa: 'substantial',
      amr: ['otp'],
      authTime: 1_700_000_000,
      person: { cpr: '1505801234', name: 'Jens Hansen', givenName: 'Jens', familyName: 'Hansen', birthdate: '1980-05-15' },
    });
  });

  it('maps a dedicated business login without any person data', () => {
    const login = mapClaimsToLogin(dedicatedClaims());
    expect(login).toEqual({
      kind: 'dedicated',
      mitidUuid: '9138b07c-29cc-48f4-895e-3a98be94e2da',
      means: 'chip',
      loa: 'high',
      amr: ['hwk', 'pwd'],
      authTime: 1_700_000_100,
      business: { professionalUuid: 'dd4ae5da-30aa-48d4-b816-e6275e03d22d', cvr: '34567891', name: 'Jens Hansen' },
    });
    expect(JSON.stringify(login)).not.toContain('cpr');
  });

  it.each([
    'idp',
    'identity_type',
    'mitid.uuid',
    'mitid.means',
    'name',
    'given_name',
    'family_name',
    'birthdate',
    'dk.cpr',
    'acr',
    'amr',
    'auth_time',
  ])('rejects a private login missing %s', (claim) => {
    const claims = privateClaims();
    delete claims[claim];
    expectInvalid(claims, claim);
  });

  it.each(['professional.uuid', 'professional.cvr', 'name', 'mitid.uuid'])('rejects a dedicated login missing %s', (claim) => {
    const claims = dedicatedClaims();
    delete claims[claim];
    expectInvalid(claims, claim);
  });

  it.each([
    ['dk.cpr', '150580-1234'],
    ['dk.cpr', 1505801234],
    ['birthdate', '15-05-1980'],
    ['mitid.uuid', 'not-a-uuid'],
    ['mitid.means', 'sms'],
    ['acr', 'https://data.gov.dk/concept/core/nsis/loa/Extreme'],
    ['acr', 'urn:unknown'],
    ['amr', 'otp'],
    ['amr', []],
    ['auth_time', '1700000000'],
    ['auth_time', -5],
    ['idp', 'nemid'],
    ['name', '   '],
  ])('rejects %s = %j without echoing the value', (claim, value) => {
    const claims = { ...privateClaims(), [claim]: value };
    const error = expectInvalid(claims, claim);
    if (typeof value === 'string' && value.trim().length > 3) expect(error.message).not.toContain(value);
  });

  it('rejects a CVR with a bad modulus-11 check', () => {
    expectInvalid({ ...dedicatedClaims(), 'professional.cvr': '34567890' }, 'professional.cvr');
  });

  it('never echoes a CPR in the error', () => {
    const claims = { ...privateClaims(), 'dk.cpr': '1505801234x' };
    const error = expectInvalid(claims, 'dk.cpr');
    expect(error.message).not.toContain('1505801234');
    expect(error.description).not.toContain('1505801234');
  });

  it('rejects a dedicated login that carries a CPR', () => {
    expectInvalid({ ...dedicatedClaims(), 'dk.cpr': '1505801234' }, 'dk.cpr');
  });

  it('rejects a private login without a CPR', () => {
    const claims = privateClaims();
    delete claims['dk.cpr'];
    expectInvalid(claims, 'dk.cpr');
  });

  it('rejects a private login that carries professional identifiers', () => {
    expectInvalid({ ...privateClaims(), 'professional.cvr': '12345674' }, 'professional.cvr');
    expectInvalid({ ...privateClaims(), 'professional.uuid': 'dd4ae5da-30aa-48d4-b816-e6275e03d22d' }, 'professional.uuid');
  });

  it('rejects an identity_type that contradicts the idp', () => {
    expectInvalid({ ...privateClaims(), identity_type: 'professional' }, 'identity_type');
    expectInvalid({ ...dedicatedClaims(), identity_type: 'private' }, 'identity_type');
  });
});

describe('overridden (broker) claim mapping', () => {
  const broker = resolveClaimMapping({
    idp: 'broker.idp',
    identityType: 'broker.identity_type',
    mitidUuid: 'dk:gov:mitid:uuid',
    means: 'dk:gov:mitid:means',
    cpr: 'dk:gov:cpr',
    professionalUuid: 'dk:gov:professional:uuid',
    cvr: 'dk:gov:cvr',
    idpValues: { mitid_erhverv: 'mitid-erhverv' },
    identityTypeValues: { professional: 'business' },
    meansValues: { app: 'MitID-app', code_display: 'kodeviser' },
    acrValues: { substantial: 'urn:broker:substantial' },
  });

  it('keeps defaults for keys not overridden, including inside value maps', () => {
    expect(broker.name).toBe('name');
    expect(broker.idpValues.mitid).toBe('mitid');
    expect(broker.meansValues.chip).toBe('chip');
    expect(broker.acrValues.high).toBe(loaToAcr('high'));
  });

  it('maps a private login under the broker names (nested claims too)', () => {
    const login = mapClaimsToLogin(
      {
        broker: { idp: 'mitid', identity_type: 'private' },
        'dk:gov:mitid:uuid': 'a89d34ae-09fa-40c3-9e23-4147a99d9e76',
        'dk:gov:mitid:means': 'kodeviser',
        'dk:gov:cpr': '2208921236',
        name: 'Mette Larsen',
        given_name: 'Mette',
        family_name: 'Larsen',
        birthdate: '1992-08-22',
        acr: 'urn:broker:substantial',
        amr: ['otp'],
        auth_time: 1_700_000_000,
      },
      broker,
    );
    expect(login).toMatchObject({ kind: 'private', means: 'code_display', loa: 'substantial', person: { cpr: '2208921236' } });
  });

  it('maps a dedicated login under the broker names and rejects the default names', () => {
    const claims: Claims = {
      'broker.idp': 'mitid-erhverv',
      'broker.identity_type': 'business',
      'dk:gov:mitid:uuid': '1117a08b-5a1b-44d6-9e89-71dd2eb5a79c',
      'dk:gov:mitid:means': 'MitID-app',
      'dk:gov:professional:uuid': '2a8c3fd9-4165-45c9-8b9c-d9d6e5f9ddcc',
      'dk:gov:cvr': '34567891',
      name: 'Sofie Berg',
      acr: 'urn:broker:substantial',
      amr: ['swk'],
      auth_time: 1_700_000_000,
    };
    expect(mapClaimsToLogin(claims, broker)).toMatchObject({ kind: 'dedicated', means: 'app', business: { cvr: '34567891' } });
    expectInvalid(dedicatedClaims(), 'broker.idp', broker);
    // A CPR under the broker's name on a dedicated login is still refused.
    expectInvalid({ ...claims, 'dk:gov:cpr': '2208921236' }, 'dk:gov:cpr', broker);
  });

  it('refuses an invalid override naming the bad key', () => {
    expect(() => resolveClaimMapping({ cpr: '' })).toThrow(/cpr/);
    expect(() => resolveClaimMapping({ meansValues: { sms: 'x' } })).toThrow(/meansValues/);
    expect(() => resolveClaimMapping({ unknownField: 'x' })).toThrow(/root|unknownField/);
  });
});
