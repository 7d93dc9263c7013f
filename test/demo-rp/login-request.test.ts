// The login form's parsing and the authorization request built from it: PKCE S256, state, nonce, hints, prompts.
import { describe, expect, it } from 'vitest';
import { calculatePKCECodeChallenge, ClientSecretBasic, Configuration } from 'openid-client';
import { buildLoginRequest, loginHintFor, parseLoginQuery, type LoginChoice } from '../../src/demo-rp/login-request.ts';

const oidc = new Configuration(
  { issuer: 'https://kontekst.example', authorization_endpoint: 'https://kontekst.example/auth' },
  'demo-digital-post',
  undefined,
  ClientSecretBasic('s'.repeat(43)),
);
const redirectUri = 'https://kontekst.example/demo-rp/callback';

function choice(overrides: Partial<LoginChoice> = {}): LoginChoice {
  return { lang: 'da', hint: 'any', selectAccount: false, scopes: ['openid'], ...overrides };
}

describe('parseLoginQuery', () => {
  it('defaults to Danish, any context, openid only', () => {
    expect(parseLoginQuery({})).toEqual({
      ok: true,
      choice: { lang: 'da', hint: 'any', cvr: undefined, selectAccount: false, scopes: ['openid'] },
    });
  });

  it('takes checkbox scopes and space-separated scopes alike, always adds openid, keeps a stable order', () => {
    const parsed = parseLoginQuery({ scope: ['cpr', 'profile offline_access'], lang: 'en', prompt: 'select_account', hint: 'private' });
    expect(parsed).toEqual({
      ok: true,
      choice: { lang: 'en', hint: 'private', cvr: undefined, selectAccount: true, scopes: ['openid', 'profile', 'cpr', 'offline_access'] },
    });
  });

  it('treats an empty CVR field as absent and keeps a valid one', () => {
    expect(parseLoginQuery({ cvr: '  ' })).toMatchObject({ ok: true, choice: { cvr: undefined } });
    expect(parseLoginQuery({ cvr: '34567891', hint: 'professional' })).toMatchObject({ ok: true, choice: { cvr: '34567891' } });
  });

  it.each([
    [{ scope: 'address' }, /unknown scope "address"/],
    [{ cvr: '1234' }, /cvr: a CVR number has 8 digits/],
    [{ hint: 'professional:cvr:1' }, /hint/],
    [{ prompt: 'none' }, /prompt/],
  ])('refuses %o with a clear reason', (query, reason) => {
    const parsed = parseLoginQuery({ ...query, lang: 'en' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.detail).toMatch(reason);
      expect(parsed.lang).toBe('en');
    }
  });
});

describe('loginHintFor', () => {
  it.each([
    [{ hint: 'any' as const }, undefined],
    [{ hint: 'private' as const }, 'private'],
    [{ hint: 'private' as const, cvr: '34567891' }, 'private'],
    [{ hint: 'professional' as const }, 'professional'],
    [{ hint: 'professional' as const, cvr: '34567891' }, 'professional:cvr:34567891'],
    [{ hint: 'any' as const, cvr: '12345674' }, 'professional:cvr:12345674'],
  ])('%o → %s', (input, expected) => {
    expect(loginHintFor(input)).toBe(expected);
  });
});

describe('buildLoginRequest', () => {
  it('uses PKCE S256 with a verifier kept server-side, and fresh state and nonce each time', async () => {
    const a = await buildLoginRequest(oidc, redirectUri, choice());
    const b = await buildLoginRequest(oidc, redirectUri, choice());
    const params = a.url.searchParams;
    expect(a.url.origin + a.url.pathname).toBe('https://kontekst.example/auth');
    expect(params.get('client_id')).toBe('demo-digital-post');
    expect(params.get('response_type')).toBe('code');
    expect(params.get('redirect_uri')).toBe(redirectUri);
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toBe(await calculatePKCECodeChallenge(a.pending.codeVerifier));
    expect(params.has('code_verifier')).toBe(false);
    expect(params.get('state')).toBe(a.pending.state);
    expect(params.get('nonce')).toBe(a.pending.nonce);
    expect(a.pending.state).not.toBe(b.pending.state);
    expect(a.pending.nonce).not.toBe(b.pending.nonce);
    expect(a.pending.codeVerifier).not.toBe(b.pending.codeVerifier);
  });

  it('sends login_hint, ui_locales and scope from the choice; no prompt by default', async () => {
    const { url, pending } = await buildLoginRequest(
      oidc,
      redirectUri,
      choice({ lang: 'en', hint: 'professional', cvr: '34567891', scopes: ['openid', 'professional'] }),
    );
    expect(url.searchParams.get('login_hint')).toBe('professional:cvr:34567891');
    expect(url.searchParams.get('ui_locales')).toBe('en');
    expect(url.searchParams.get('scope')).toBe('openid professional');
    expect(url.searchParams.has('prompt')).toBe(false);
    expect(pending).toMatchObject({ lang: 'en', scopes: ['openid', 'professional'] });
  });

  it('omits login_hint for "any context"', async () => {
    const { url } = await buildLoginRequest(oidc, redirectUri, choice());
    expect(url.searchParams.has('login_hint')).toBe(false);
  });

  it.each([
    [{ selectAccount: true }, 'select_account'],
    [{ scopes: ['openid', 'offline_access'] as LoginChoice['scopes'] }, 'consent'],
    [{ selectAccount: true, scopes: ['openid', 'offline_access'] as LoginChoice['scopes'] }, 'select_account consent'],
  ])('prompt for %o is "%s"', async (overrides, prompt) => {
    const { url } = await buildLoginRequest(oidc, redirectUri, choice(overrides));
    expect(url.searchParams.get('prompt')).toBe(prompt);
  });
});
