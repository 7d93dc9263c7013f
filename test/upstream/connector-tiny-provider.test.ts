// The connector against a tiny real oidc-provider over HTTP: edge cases the simulator never produces (an upstream ignoring acr_values, odd claims).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loaToAcr } from '../../src/domain/mitid.ts';
import { createUpstreamConnector, type UpstreamOptions } from '../../src/upstream/connector.ts';
import { UpstreamError } from '../../src/upstream/errors.ts';
import { followToCallback, startTinyProvider, type TinyBehaviour, type TinyProvider } from './support/tiny-provider.ts';
import { tamperableStore } from './support/tamper-store.ts';

let tiny: TinyProvider;

const mette = (acr = loaToAcr('substantial')): TinyBehaviour => ({
  kind: 'login',
  accountId: 'a89d34ae-09fa-40c3-9e23-4147a99d9e76',
  acr,
  amr: ['otp'],
  claims: {
    idp: 'mitid',
    identity_type: 'private',
    'mitid.uuid': 'a89d34ae-09fa-40c3-9e23-4147a99d9e76',
    'mitid.means': 'code_display',
    name: 'Mette Larsen',
    given_name: 'Mette',
    family_name: 'Larsen',
    birthdate: '1992-08-22',
    'dk.cpr': '2208921236',
  },
});

function connector(overrides: Partial<UpstreamOptions> = {}) {
  const transactions = tamperableStore();
  const options: UpstreamOptions = {
    issuer: tiny.issuer,
    clientId: 'kontekst-jwt',
    clientAuth: { method: 'private_key_jwt', privateJwk: tiny.clientJwk },
    redirectUri: tiny.redirectUri,
    timeoutMs: 3000,
    allowInsecureHttp: true,
    transactions,
    transactionTtlSeconds: 60,
    ...overrides,
  };
  return { upstream: createUpstreamConnector(options), transactions };
}

async function expectUpstreamError(promise: Promise<unknown>, code: UpstreamError['code']): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  expect((error as UpstreamError).code).toBe(code);
  return error as UpstreamError;
}

beforeAll(async () => {
  tiny = await startTinyProvider();
});
afterAll(async () => {
  await tiny.close();
});

describe('connector against a tiny oidc-provider', () => {
  it('completes a code flow with private_key_jwt', async () => {
    const { upstream } = connector();
    const authorizeUrl = await upstream.startLogin({ interactionId: 'i-1', uiLocales: 'en' });
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizeUrl.searchParams.get('scope')).toBe('openid mitid profile cpr professional');
    expect(authorizeUrl.searchParams.get('ui_locales')).toBe('en');
    expect(authorizeUrl.searchParams.get('nonce')).toBeTruthy();
    tiny.next(mette());
    const callbackUrl = await followToCallback(authorizeUrl, tiny.redirectUri);
    const login = await upstream.finishLogin({ interactionId: 'i-1', callbackUrl });
    expect(login).toMatchObject({ kind: 'private', means: 'code_display', loa: 'substantial', person: { cpr: '2208921236', birthdate: '1992-08-22' } });
  });

  it('asks userinfo by default, and reads the signed ID token alone when claimsFromIdToken is set', async () => {
    for (const [claimsFromIdToken, userinfoCalls] of [[false, 1], [true, 0]] as const) {
      const { upstream } = connector({ claimsFromIdToken });
      const interactionId = `i-idtoken-${claimsFromIdToken}`;
      const authorizeUrl = await upstream.startLogin({ interactionId });
      tiny.next(mette());
      const callbackUrl = await followToCallback(authorizeUrl, tiny.redirectUri);
      const before = tiny.requests('/me');
      const login = await upstream.finishLogin({ interactionId, callbackUrl });
      expect(tiny.requests('/me') - before).toBe(userinfoCalls);
      expect(login).toMatchObject({ kind: 'private', means: 'code_display', loa: 'substantial', person: { cpr: '2208921236', name: 'Mette Larsen' } });
    }
  });

  it('fetches the upstream JWKS once for many logins (cached with the discovery)', async () => {
    const { upstream } = connector({ claimsFromIdToken: true });
    const before = tiny.requests('/jwks');
    for (const interactionId of ['i-jwks-1', 'i-jwks-2', 'i-jwks-3']) {
      const authorizeUrl = await upstream.startLogin({ interactionId });
      tiny.next(mette());
      await upstream.finishLogin({ interactionId, callbackUrl: await followToCallback(authorizeUrl, tiny.redirectUri) });
    }
    expect(tiny.requests('/jwks') - before).toBe(1);
    await upstream.close();
  });

  it('passes prompt and max_age upstream, drops a malformed ui_locales hint', async () => {
    const { upstream } = connector();
    const authorizeUrl = await upstream.startLogin({ interactionId: 'i-hints', uiLocales: 'da"><script>', prompt: 'login', maxAge: 0 });
    expect(authorizeUrl.searchParams.has('ui_locales')).toBe(false);
    expect(authorizeUrl.searchParams.get('prompt')).toBe('login');
    expect(authorizeUrl.searchParams.get('max_age')).toBe('0');
    expect(authorizeUrl.searchParams.has('acr_values')).toBe(false);
    tiny.next(mette());
    const login = await upstream.finishLogin({ interactionId: 'i-hints', callbackUrl: await followToCallback(authorizeUrl, tiny.redirectUri) });
    expect(login.authTime).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - 5);
  });

  it('completes a code flow with client_secret_basic', async () => {
    const { upstream } = connector({ clientId: 'kontekst-basic', clientAuth: { method: 'client_secret_basic', secret: tiny.clientSecret } });
    const authorizeUrl = await upstream.startLogin({ interactionId: 'i-2' });
    tiny.next(mette());
    const login = await upstream.finishLogin({ interactionId: 'i-2', callbackUrl: await followToCallback(authorizeUrl, tiny.redirectUri) });
    expect(login.kind).toBe('private');
  });

  it('rejects a wrong client secret as an upstream error', async () => {
    const { upstream } = connector({ clientId: 'kontekst-basic', clientAuth: { method: 'client_secret_basic', secret: 'wrong-secret' } });
    const authorizeUrl = await upstream.startLogin({ interactionId: 'i-3' });
    tiny.next(mette());
    const callbackUrl = await followToCallback(authorizeUrl, tiny.redirectUri);
    const error = await expectUpstreamError(upstream.finishLogin({ interactionId: 'i-3', callbackUrl }), 'upstream_error');
    expect(error.detail).toBe('invalid_client');
  });

  it('rejects a login whose acr is below the required level even if the upstream ignored acr_values', async () => {
    const { upstream } = connector();
    const authorizeUrl = await upstream.startLogin({ interactionId: 'i-4', requiredLoa: 'high' });
    expect(authorizeUrl.searchParams.get('acr_values')).toBe(loaToAcr('high'));
    tiny.next(mette(loaToAcr('substantial')));
    const callbackUrl = await followToCallback(authorizeUrl, tiny.redirectUri);
    const error = await expectUpstreamError(upstream.finishLogin({ interactionId: 'i-4', callbackUrl }), 'loa_too_low');
    expect(error.oidcError).toBe('unmet_authentication_requirements');
  });

  it('rejects a tampered nonce, a replayed state and a foreign interaction', async () => {
    const { upstream, transactions } = connector();
    const authorizeUrl = await upstream.startLogin({ interactionId: 'i-5' });
    await transactions.tamper(authorizeUrl.searchParams.get('state')!, (txn) => ({ ...txn, nonce: 'attacker-nonce' }));
    tiny.next(mette());
    const callbackUrl = await followToCallback(authorizeUrl, tiny.redirectUri);
    const nonceError = await expectUpstreamError(upstream.finishLogin({ interactionId: 'i-5', callbackUrl }), 'invalid_response');
    expect(nonceError.detail).toBe('OAUTH_JWT_CLAIM_COMPARISON_FAILED');
    expect(nonceError.message).not.toContain('attacker-nonce');
    await expectUpstreamError(upstream.finishLogin({ interactionId: 'i-5', callbackUrl }), 'unknown_state');

    const second = await upstream.startLogin({ interactionId: 'i-6' });
    tiny.next(mette());
    const secondCallback = await followToCallback(second, tiny.redirectUri);
    await expectUpstreamError(upstream.finishLogin({ interactionId: 'someone-else', callbackUrl: secondCallback }), 'unknown_state');
    // The foreign attempt consumed nothing: the right interaction still finishes, once.
    expect((await upstream.finishLogin({ interactionId: 'i-6', callbackUrl: secondCallback })).kind).toBe('private');
    await expectUpstreamError(upstream.finishLogin({ interactionId: 'i-6', callbackUrl: secondCallback }), 'unknown_state');
  });

  it('maps an upstream access_denied to cancelled and other errors to upstream_error', async () => {
    const { upstream } = connector();
    const first = await upstream.startLogin({ interactionId: 'i-7' });
    tiny.next({ kind: 'error', error: 'access_denied' });
    const cancelled = await expectUpstreamError(
      upstream.finishLogin({ interactionId: 'i-7', callbackUrl: await followToCallback(first, tiny.redirectUri) }),
      'cancelled',
    );
    expect(cancelled.oidcError).toBe('access_denied');

    const second = await upstream.startLogin({ interactionId: 'i-8' });
    tiny.next({ kind: 'error', error: 'login_required' });
    await expectUpstreamError(upstream.finishLogin({ interactionId: 'i-8', callbackUrl: await followToCallback(second, tiny.redirectUri) }), 'upstream_error');
  });

  it('rejects claims that mix identities, naming the claim but not its value', async () => {
    const { upstream } = connector();
    const authorizeUrl = await upstream.startLogin({ interactionId: 'i-9' });
    const behaviour = mette();
    if (behaviour.kind !== 'login') throw new Error('unreachable');
    tiny.next({ ...behaviour, claims: { ...behaviour.claims, idp: 'mitid_erhverv', identity_type: 'professional' } });
    const callbackUrl = await followToCallback(authorizeUrl, tiny.redirectUri);
    const error = await expectUpstreamError(upstream.finishLogin({ interactionId: 'i-9', callbackUrl }), 'invalid_response');
    expect(error.message).toContain('dk.cpr');
    expect(error.message).not.toContain('2208921236');
  });

  it('refuses callbacks without or with an unknown state', async () => {
    const { upstream } = connector();
    await expectUpstreamError(upstream.finishLogin({ interactionId: 'i', callbackUrl: new URL(`${tiny.redirectUri}?code=abc`) }), 'unknown_state');
    await expectUpstreamError(upstream.finishLogin({ interactionId: 'i', callbackUrl: new URL(`${tiny.redirectUri}?code=abc&state=forged`) }), 'unknown_state');
  });
});

describe('connector when the upstream is unreachable', () => {
  it('reports unavailable, pings false, and retries discovery once the upstream is back', async () => {
    // Reserve a port, then free it, so nothing listens there.
    const holder = http.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as AddressInfo).port;
    await new Promise<void>((resolve) => holder.close(() => resolve()));

    const { upstream } = connector({ issuer: `http://127.0.0.1:${port}` });
    const error = await expectUpstreamError(upstream.startLogin({ interactionId: 'i-10' }), 'unavailable');
    expect(error.oidcError).toBe('temporarily_unavailable');
    expect(await upstream.ping()).toBe(false);

    // The upstream comes back on that port (a discovery document only): the failure was not cached.
    const revived = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer: `http://127.0.0.1:${port}`, authorization_endpoint: `http://127.0.0.1:${port}/auth`, token_endpoint: `http://127.0.0.1:${port}/token` }));
    });
    await new Promise<void>((resolve) => revived.listen(port, '127.0.0.1', resolve));
    try {
      expect(await upstream.ping()).toBe(true);
      const url = await upstream.startLogin({ interactionId: 'i-11' });
      expect(url.origin).toBe(`http://127.0.0.1:${port}`);
    } finally {
      revived.closeAllConnections();
      await new Promise<void>((resolve) => revived.close(() => resolve()));
    }
  });

  it('times out a hanging upstream as unavailable', async () => {
    const hanging = http.createServer(() => {
      /* never answers */
    });
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const port = (hanging.address() as AddressInfo).port;
    try {
      const { upstream } = connector({ issuer: `http://127.0.0.1:${port}`, timeoutMs: 200 });
      const started = Date.now();
      await expectUpstreamError(upstream.startLogin({ interactionId: 'i-12' }), 'unavailable');
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });

  it('refuses an http issuer unless insecure http is allowed', () => {
    expect(() => connector({ allowInsecureHttp: false })).toThrow(/https/);
  });
});
