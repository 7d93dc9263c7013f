// The claims table is the one truth: provider config, allow-lists, grant rules and consent labels all follow from it.
import { describe, expect, it } from 'vitest';
import { CLAIMS_PROFILE, deriveClaimsProfile, foreignToContext, isEntitled } from '../../src/contexts/claims-profile.ts';
import { CLAIMS_TABLE, type ClaimsTable } from '../../src/contexts/claims-table.ts';
import { isMessageKey, translator } from '../../src/http/i18n.ts';
import { providerClaims, providerScopes } from '../../src/oidc/claims-config.ts';

/** Kontekst's table with one claim more: a private-only scope `address` behind no entitlement. */
const WITH_ADDRESS: ClaimsTable = {
  ...CLAIMS_TABLE,
  address: {
    claims: { private: ['address'], professional: [] },
    consentLabels: { private: ['claim.address'], professional: [] },
  },
};

describe('a claim added as one row of the table', () => {
  const profile = deriveClaimsProfile(WITH_ADDRESS);

  it('appears in the provider claims config and scopes', () => {
    expect(providerClaims(profile)['address']).toEqual(['address']);
    expect(providerScopes(profile)).toContain('address');
    expect(providerScopes(CLAIMS_PROFILE)).not.toContain('address');
  });

  it('is on the private allow-list only, and foreign to a professional context', () => {
    expect(profile.allowList.private).toContain('address');
    expect(profile.allowList.professional).not.toContain('address');
    expect(profile.foreignToContext('address', 'professional')).toBe(true);
    expect(profile.foreignToContext('address', 'private')).toBe(false);
  });

  it('is listed on a private consent page, after the identity label, and never on a professional one', () => {
    expect(profile.consentLabels('private', ['openid', 'address'], [])).toEqual(['claim.identity', 'claim.address']);
    expect(profile.consentLabels('professional', ['openid', 'address'], [])).toEqual(['claim.identity']);
  });

  it('is releasable in a private context when its scope is granted', () => {
    expect(profile.releasable('private', ['openid', 'address'], [])).toContain('address');
    expect(profile.releasable('private', ['openid'], [])).not.toContain('address');
  });
});

describe("grant rules derived from Kontekst's table", () => {
  it('isEntitled: cpr and mitid need their entitlement; other scopes need none', () => {
    expect(isEntitled('cpr', [])).toBe(false);
    expect(isEntitled('cpr', ['cpr'])).toBe(true);
    expect(isEntitled('mitid', ['cpr'])).toBe(false);
    expect(isEntitled('mitid', ['mitid'])).toBe(true);
    for (const scope of ['openid', 'profile', 'email', 'professional', 'privileges', 'offline_access', 'unknown']) {
      expect(isEntitled(scope, []), scope).toBe(true);
    }
  });

  it('foreignToContext: private-only and professional-only scopes, openid and profile in both', () => {
    for (const scope of ['cpr', 'mitid']) {
      expect(foreignToContext(scope, 'professional'), scope).toBe(true);
      expect(foreignToContext(scope, 'private'), scope).toBe(false);
    }
    for (const scope of ['email', 'professional', 'privileges']) {
      expect(foreignToContext(scope, 'private'), scope).toBe(true);
      expect(foreignToContext(scope, 'professional'), scope).toBe(false);
    }
    for (const scope of ['openid', 'profile', 'offline_access']) {
      expect(foreignToContext(scope, 'private'), scope).toBe(false);
      expect(foreignToContext(scope, 'professional'), scope).toBe(false);
    }
  });

  it('foreignToContext without a known context refuses every context-specific scope', () => {
    for (const scope of ['cpr', 'mitid', 'email', 'professional', 'privileges'])
      expect(foreignToContext(scope, undefined), scope).toBe(true);
    expect(foreignToContext('profile', undefined)).toBe(false);
  });

  it('consentLabels: birthdate only in a private context, CPR only when entitled, nothing professional privately', () => {
    const all = ['openid', 'profile', 'email', 'cpr', 'mitid', 'professional', 'privileges'];
    expect(CLAIMS_PROFILE.consentLabels('private', all, ['cpr'])).toEqual([
      'claim.identity',
      'claim.name',
      'claim.birthdate',
      'claim.dk.cpr',
    ]);
    expect(CLAIMS_PROFILE.consentLabels('professional', all, ['cpr', 'mitid'])).toEqual([
      'claim.identity',
      'claim.name',
      'claim.email',
      'claim.professional',
      'claim.professional.privileges',
    ]);
    expect(CLAIMS_PROFILE.consentLabels('private', [], [])).toEqual(['claim.identity']);
  });

  it('every consent label of the table is in both catalogues', () => {
    const labels = Object.values(CLAIMS_TABLE).flatMap((row) => [...row.consentLabels.private, ...row.consentLabels.professional]);
    for (const label of labels) {
      expect(isMessageKey(label), label).toBe(true);
      expect(translator('en')(label as never)).not.toBe(translator('da')(label as never));
    }
    expect(isMessageKey('claim.address')).toBe(false);
  });
});
