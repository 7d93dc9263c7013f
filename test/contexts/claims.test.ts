// releaseClaims and the claims profile: what each scope releases in each context, entitlements, and mismatches refused.
import { describe, expect, it } from 'vitest';
import { CLAIMS_BY_SCOPE, CLAIMS_PROFILE, PRIVATE_CLAIMS, PROFESSIONAL_CLAIMS } from '../../src/contexts/claims-profile.ts';
import { ClaimsReleaseError, releaseClaims, type PrivateSubject, type ProfessionalSubject } from '../../src/contexts/claims.ts';
import { providerClaims } from '../../src/oidc/claims-config.ts';
import type { ProfessionalContext } from '../../src/domain/context.ts';
import { CVR_A, UUID_1, org, user } from './fixtures.ts';

const PRIVATE_SUBJECT: PrivateSubject = {
  type: 'private',
  mitidUuid: '8292d8fe-43d2-4fba-a853-a22d2afd5e7e',
  cpr: '1505801234',
  name: 'Jens Hansen',
  givenName: 'Jens',
  familyName: 'Hansen',
  birthdate: '1980-05-15',
};

const BUSINESS_USER = user(UUID_1, CVR_A, {
  rid: '93847562',
  name: 'Jens Hansen',
  givenName: 'Jens',
  familyName: 'Hansen',
  email: 'jens@firma.dk',
  personCpr: '1505801234',
  dedicatedMitIdUuids: ['9138b07c-29cc-48f4-895e-3a98be94e2da'],
  privileges: [
    { cvr: CVR_A, privileges: ['urn:dk:digitalpost:privilege:read'] },
    { cvr: '10000017', privileges: ['urn:dk:skat:privilege:vat-reporting'] },
  ],
});
const ORGANISATION = org(CVR_A, 'Firma ApS');
const PROFESSIONAL_SUBJECT: ProfessionalSubject = { type: 'professional', businessUser: BUSINESS_USER, organisation: ORGANISATION };
const PROFESSIONAL_CONTEXT: ProfessionalContext = { type: 'professional', cvr: CVR_A, orgName: 'Firma ApS', businessUserUuid: UUID_1 };
const ALL_SCOPES = ['openid', 'profile', 'email', 'mitid', 'cpr', 'professional', 'privileges', 'offline_access'];

describe('private context', () => {
  const release = (scopes: string[], entitlements: ('cpr' | 'mitid')[] = []) =>
    releaseClaims({ context: { type: 'private' }, scopes, entitlements, idp: 'mitid', subject: PRIVATE_SUBJECT });

  it('openid alone: identity_type and idp only', () => {
    expect(release(['openid'])).toEqual({ identity_type: 'private', idp: 'mitid' });
  });

  it('profile: name, given_name, family_name, birthdate', () => {
    expect(release(['openid', 'profile'])).toEqual({
      identity_type: 'private',
      idp: 'mitid',
      name: 'Jens Hansen',
      given_name: 'Jens',
      family_name: 'Hansen',
      birthdate: '1980-05-15',
    });
  });

  it('mitid and cpr only with the matching entitlement', () => {
    expect(release(['openid', 'mitid', 'cpr'])).toEqual({ identity_type: 'private', idp: 'mitid' });
    expect(release(['openid', 'mitid', 'cpr'], ['mitid'])).toEqual({
      identity_type: 'private',
      idp: 'mitid',
      'mitid.uuid': PRIVATE_SUBJECT.mitidUuid,
    });
    expect(release(['openid', 'cpr'], ['cpr', 'mitid'])).toEqual({ identity_type: 'private', idp: 'mitid', 'dk.cpr': '1505801234' });
  });

  it('email, professional and privileges release nothing privately', () => {
    expect(release(ALL_SCOPES, ['cpr', 'mitid'])).toEqual({
      identity_type: 'private',
      idp: 'mitid',
      name: 'Jens Hansen',
      given_name: 'Jens',
      family_name: 'Hansen',
      birthdate: '1980-05-15',
      'mitid.uuid': PRIVATE_SUBJECT.mitidUuid,
      'dk.cpr': '1505801234',
    });
  });

  it('refuses a professional subject or a dedicated idp', () => {
    expect(() =>
      releaseClaims({ context: { type: 'private' }, scopes: ALL_SCOPES, entitlements: [], idp: 'mitid', subject: PROFESSIONAL_SUBJECT }),
    ).toThrow(ClaimsReleaseError);
    expect(() =>
      releaseClaims({ context: { type: 'private' }, scopes: ALL_SCOPES, entitlements: [], idp: 'mitid_erhverv', subject: PRIVATE_SUBJECT }),
    ).toThrow(ClaimsReleaseError);
  });
});

describe('professional context', () => {
  const release = (scopes: string[], entitlements: ('cpr' | 'mitid')[] = [], subject = PROFESSIONAL_SUBJECT) =>
    releaseClaims({ context: PROFESSIONAL_CONTEXT, scopes, entitlements, idp: 'mitid_erhverv', subject });

  it('every scope, every entitlement: only the professional profile', () => {
    expect(release(ALL_SCOPES, ['cpr', 'mitid'])).toEqual({
      identity_type: 'professional',
      idp: 'mitid_erhverv',
      name: 'Jens Hansen',
      given_name: 'Jens',
      family_name: 'Hansen',
      email: 'jens@firma.dk',
      'professional.uuid': UUID_1,
      'professional.cvr': CVR_A,
      'professional.org_name': 'Firma ApS',
      'professional.rid': '93847562',
      'professional.privileges': [
        { scope: `urn:dk:gov:saml:cvrNumberIdentifier:${CVR_A}`, privileges: ['urn:dk:digitalpost:privilege:read'] },
        { scope: 'urn:dk:gov:saml:cvrNumberIdentifier:10000017', privileges: ['urn:dk:skat:privilege:vat-reporting'] },
      ],
    });
  });

  it('never carries the CPR, MitID UUID or dedicated user IDs in any value', () => {
    const text = JSON.stringify(release(ALL_SCOPES, ['cpr', 'mitid']));
    expect(text).not.toContain('1505801234');
    expect(text).not.toContain('9138b07c');
    expect(text).not.toContain('birthdate');
  });

  it('professional.rid and email only when the user has them', () => {
    const { rid: _rid, email: _email, ...withoutRid } = BUSINESS_USER;
    const claims = release(['openid', 'email', 'professional'], [], { ...PROFESSIONAL_SUBJECT, businessUser: withoutRid });
    expect(claims).not.toHaveProperty('professional.rid');
    expect(claims).not.toHaveProperty('email');
    expect(claims['professional.uuid']).toBe(UUID_1);
  });

  it('scopes pick their claims: openid only gives identity_type and idp', () => {
    expect(release(['openid'])).toEqual({ identity_type: 'professional', idp: 'mitid_erhverv' });
    expect(Object.keys(release(['openid', 'privileges']))).toEqual(['identity_type', 'idp', 'professional.privileges']);
  });

  it('a professional context reached with private MitID says idp mitid', () => {
    expect(
      releaseClaims({ context: PROFESSIONAL_CONTEXT, scopes: ['openid'], entitlements: [], idp: 'mitid', subject: PROFESSIONAL_SUBJECT }),
    ).toEqual({ identity_type: 'professional', idp: 'mitid' });
  });

  it('refuses a subject that does not match the context', () => {
    const otherUser = { ...PROFESSIONAL_SUBJECT, businessUser: { ...BUSINESS_USER, uuid: '22222222-2222-4222-8222-222222222222' } };
    const otherOrg = { ...PROFESSIONAL_SUBJECT, organisation: org('10000017', 'Other') };
    for (const subject of [otherUser, otherOrg]) expect(() => release(['openid'], [], subject)).toThrow(ClaimsReleaseError);
    expect(() =>
      releaseClaims({ context: PROFESSIONAL_CONTEXT, scopes: ['openid'], entitlements: [], idp: 'mitid', subject: PRIVATE_SUBJECT }),
    ).toThrow(ClaimsReleaseError);
  });

  it('does not let a caller mutate the user through the privileges claim', () => {
    const claims = release(['privileges']);
    (claims['professional.privileges'] as { privileges: string[] }[])[0]!.privileges.push('x');
    expect(BUSINESS_USER.privileges[0]!.privileges).toEqual(['urn:dk:digitalpost:privilege:read']);
  });
});

describe('claims profile constants', () => {
  it('the allow-lists are disjoint where the brief forbids', () => {
    const professional: readonly string[] = PROFESSIONAL_CLAIMS;
    const privateClaims: readonly string[] = PRIVATE_CLAIMS;
    for (const forbidden of ['dk.cpr', 'mitid.uuid', 'birthdate', 'sub']) expect(professional).not.toContain(forbidden);
    expect(privateClaims.filter((claim) => claim.startsWith('professional.'))).toEqual([]);
  });

  it('every released claim is named by some scope or is a common claim', () => {
    const named = new Set(Object.values(CLAIMS_BY_SCOPE).flat());
    for (const claim of [...PRIVATE_CLAIMS, ...PROFESSIONAL_CLAIMS]) expect(named.has(claim as never)).toBe(true);
  });

  it('the provider config keeps the always-issued claims', () => {
    expect(providerClaims(CLAIMS_PROFILE)).toMatchObject({
      acr: null,
      amr: null,
      sid: null,
      auth_time: null,
      iss: null,
      openid: ['sub', 'identity_type', 'idp', 'acr', 'amr', 'auth_time'],
    });
  });
});
