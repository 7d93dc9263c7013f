// Shared helpers for the registration tests: dynamic registration over HTTP, a full login with a registered client, token checks.
import * as client from 'openid-client';
import { expect } from 'vitest';
import type { ClientRegistration } from '../../../src/oidc/clients.ts';
import { runCli } from '../../../src/cli/program.ts';
import { DEMO_LOGINS } from '../../support/demo-people.ts';
import {
  Person,
  authorizationRequest,
  consent,
  describe as describeStop,
  loginAt,
  redeem,
  type JourneyStop,
  type TestRp,
} from '../../support/journey.ts';

export type Json = Record<string, unknown>;

export interface HttpAnswer {
  status: number;
  body: Json;
  headers: Headers;
}

async function answer(response: Response): Promise<HttpAnswer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Json) : {} };
}

/** POST /reg (RFC 7591) with an initial access token (or none). */
export async function register(baseUrl: string, token: string | undefined, metadata: Json): Promise<HttpAnswer> {
  return answer(
    await fetch(`${baseUrl}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(metadata),
    }),
  );
}

/** RFC 7592 read / update / delete at the registration_client_uri. */
export async function manage(registered: Json, method: 'GET' | 'PUT' | 'DELETE', body?: Json): Promise<HttpAnswer> {
  return answer(
    await fetch(String(registered['registration_client_uri']), {
      method,
      headers: {
        authorization: `Bearer ${String(registered['registration_access_token'])}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    }),
  );
}

/** What a client sends back on an RFC 7592 update: its metadata without the fields the server owns. */
export function updateBody(current: Json, changes: Json = {}): Json {
  const {
    registration_access_token: _rat,
    registration_client_uri: _uri,
    client_secret_expires_at: _exp,
    client_id_issued_at: _iat,
    ...rest
  } = current;
  return { ...rest, ...changes };
}

export const DCR_REDIRECT = 'https://rp.example/callback';

export function minimalMetadata(extra: Json = {}): Json {
  return { client_name: 'Self-registered RP', redirect_uris: [DCR_REDIRECT], ...extra };
}

/** A relying party (openid-client) for a client with a secret. */
export async function rpFor(baseUrl: string, clientId: string, secret: string, redirectUri = DCR_REDIRECT): Promise<TestRp> {
  const config = await client.discovery(new URL(baseUrl), clientId, secret, undefined, { execute: [client.allowInsecureRequests] });
  return {
    config,
    redirectUri,
    registration: { client_id: clientId, client_secret: secret, redirect_uris: [redirectUri] } as ClientRegistration,
  };
}

/** Logs mette.larsen (private only: no chooser) in with the client, consenting when asked; returns the token response. */
export async function logIn(baseUrl: string, rp: TestRp, scope = 'openid profile offline_access') {
  const request = await authorizationRequest(rp, { scope, prompt: 'consent' });
  const person = new Person(baseUrl);
  let stop: JourneyStop = await loginAt(person, request.url, DEMO_LOGINS['mette.larsen']);
  if (stop.kind === 'page' && stop.page.name === 'consent') stop = await consent(person, stop, 'allow');
  expect(stop.kind, describeStop(stop)).toBe('callback');
  return redeem(rp, request, (stop as { callbackUrl: URL }).callbackUrl);
}

/** The token endpoint with client_secret_basic: what an RP with a (possibly stale) secret gets. */
export async function refreshWith(baseUrl: string, clientId: string, secret: string, refreshToken: string): Promise<HttpAnswer> {
  return answer(
    await fetch(`${baseUrl}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    }),
  );
}

export async function introspect(baseUrl: string, clientId: string, secret: string, token: string): Promise<HttpAnswer> {
  return answer(
    await fetch(`${baseUrl}/token/introspection`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token }),
    }),
  );
}

export async function userinfoStatus(baseUrl: string, accessToken: string): Promise<number> {
  const response = await fetch(`${baseUrl}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  await response.arrayBuffer();
  return response.status;
}

/** Runs the CLI in-process; returns exit code, stdout, stderr and (with --json) the parsed answer. */
export async function cli(env: Record<string, string | undefined>, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, env, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  let json: unknown;
  if (argv.includes('--json') && code === 0) json = JSON.parse(stdout);
  return { code, stdout, stderr, json: json as Json & Json[] };
}
