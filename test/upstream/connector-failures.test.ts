// The connector against a misbehaving upstream over real HTTP: 5xx token endpoint, expired transactions.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '../../src/store/kv.ts';
import { createUpstreamConnector } from '../../src/upstream/connector.ts';
import { UpstreamError } from '../../src/upstream/errors.ts';
import { keyValueTransactionStore } from '../../src/upstream/transaction-store.ts';

let server: http.Server;
let issuer: string;
let tokenResponse: { status: number; type: string; body: string };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({ issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks` }),
      );
      return;
    }
    if (req.url === '/token') {
      req.resume();
      res.statusCode = tokenResponse.status;
      res.setHeader('content-type', tokenResponse.type);
      res.end(tokenResponse.body);
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function connectorWithClock() {
  let now = 1_000_000;
  const upstream = createUpstreamConnector({
    issuer,
    clientId: 'kontekst',
    clientAuth: { method: 'client_secret_basic', secret: 'secret' },
    redirectUri: 'http://127.0.0.1/callback',
    timeoutMs: 2000,
    allowInsecureHttp: true,
    transactions: keyValueTransactionStore(new MemoryKeyValueStore(() => now)),
    transactionTtlSeconds: 60,
    now: () => now,
  });
  return { upstream, advance: (ms: number) => (now += ms) };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => (error instanceof UpstreamError ? error.code : `not an UpstreamError: ${String(error)}`),
  );
}

async function callbackFor(upstream: ReturnType<typeof connectorWithClock>['upstream'], interactionId: string): Promise<URL> {
  const authorizeUrl = await upstream.startLogin({ interactionId });
  return new URL(`http://127.0.0.1/callback?code=some-code&state=${authorizeUrl.searchParams.get('state')}`);
}

describe('connector against a failing upstream', () => {
  it('maps a 503 HTML token response to unavailable', async () => {
    tokenResponse = { status: 503, type: 'text/html', body: '<h1>down</h1>' };
    const { upstream } = connectorWithClock();
    expect(await codeOf(upstream.finishLogin({ interactionId: 'i', callbackUrl: await callbackFor(upstream, 'i') }))).toBe('unavailable');
  });

  it('maps a 500 JSON server_error token response to unavailable', async () => {
    tokenResponse = { status: 500, type: 'application/json', body: JSON.stringify({ error: 'server_error' }) };
    const { upstream } = connectorWithClock();
    expect(await codeOf(upstream.finishLogin({ interactionId: 'i', callbackUrl: await callbackFor(upstream, 'i') }))).toBe('unavailable');
  });

  it('maps invalid_grant from the token endpoint to upstream_error', async () => {
    tokenResponse = { status: 400, type: 'application/json', body: JSON.stringify({ error: 'invalid_grant' }) };
    const { upstream } = connectorWithClock();
    expect(await codeOf(upstream.finishLogin({ interactionId: 'i', callbackUrl: await callbackFor(upstream, 'i') }))).toBe(
      'upstream_error',
    );
  });

  it('maps a token response without an ID token to invalid_response', async () => {
    tokenResponse = { status: 200, type: 'application/json', body: JSON.stringify({ access_token: 'at', token_type: 'Bearer' }) };
    const { upstream } = connectorWithClock();
    expect(await codeOf(upstream.finishLogin({ interactionId: 'i', callbackUrl: await callbackFor(upstream, 'i') }))).toBe(
      'invalid_response',
    );
  });

  it('refuses a callback after the transaction expired with the interaction', async () => {
    tokenResponse = { status: 400, type: 'application/json', body: JSON.stringify({ error: 'invalid_grant' }) };
    const { upstream, advance } = connectorWithClock();
    const callbackUrl = await callbackFor(upstream, 'i');
    advance(61_000);
    expect(await codeOf(upstream.finishLogin({ interactionId: 'i', callbackUrl }))).toBe('unknown_state');
  });
});
