// applyToGrant and requestedClaimNames on a real oidc-provider Grant: entitled scopes of the chosen context only.
import Provider, { type Grant } from 'oidc-provider';
import { describe, expect, it } from 'vitest';
import { applyToGrant, requestedClaimNames } from '../../src/journey/grant.ts';

const provider = new Provider('http://localhost:3999', {});
const newGrant = (): Grant => new provider.Grant({ accountId: 'a', clientId: 'c' });
const ALL = ['openid', 'profile', 'email', 'cpr', 'mitid', 'professional', 'privileges', 'offline_access'];

describe('applyToGrant', () => {
  it('private context: grants openid, profile, offline_access and entitled cpr; refuses professional scopes and unentitled mitid', () => {
    const grant = newGrant();
    applyToGrant(grant, { type: 'private', entitlements: ['cpr'], scopes: ALL });
    expect(grant.getOIDCScope().split(' ').sort()).toEqual(['cpr', 'offline_access', 'openid', 'profile']);
    expect(grant.getRejectedOIDCScope().split(' ').sort()).toEqual(['email', 'mitid', 'privileges', 'professional']);
  });

  it('professional context: never cpr or mitid, even when entitled', () => {
    const grant = newGrant();
    applyToGrant(grant, { type: 'professional', entitlements: ['cpr', 'mitid'], scopes: ALL });
    expect(grant.getOIDCScope().split(' ').sort()).toEqual(['email', 'offline_access', 'openid', 'privileges', 'professional', 'profile']);
    expect(grant.getRejectedOIDCScope().split(' ').sort()).toEqual(['cpr', 'mitid']);
  });

  it('adds requested claims and resource scopes as asked', () => {
    const grant = newGrant();
    applyToGrant(grant, {
      type: 'private',
      entitlements: [],
      scopes: ['openid'],
      claims: ['name'],
      resourceScopes: { 'https://api.example': ['read', 'write'] },
    });
    expect(grant.getOIDCClaims()).toEqual(['name']);
    expect(grant.getResourceScope('https://api.example')).toBe('read write');
  });
});

describe('requestedClaimNames', () => {
  it('reads id_token and userinfo members of the claims parameter, once each', () => {
    const claims = JSON.stringify({ id_token: { name: null, 'dk.cpr': { essential: true } }, userinfo: { name: null, email: null } });
    expect(requestedClaimNames(claims).sort()).toEqual(['dk.cpr', 'email', 'name']);
  });

  it('ignores a missing or malformed claims parameter', () => {
    expect(requestedClaimNames(undefined)).toEqual([]);
    expect(requestedClaimNames('{not json')).toEqual([]);
  });
});
