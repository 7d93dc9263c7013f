// Shared parts of the revocation tests: a Kontekst with listening RPs, an exact logout token check, refusal on every surface.
import { expect } from 'vitest';
import * as client from 'openid-client';
import { startBackchannelReceiver, type BackchannelReceiver, type ReceivedLogout } from '../support/backchannel-receiver.ts';
import type { ClientRegistration } from '../../src/oidc/clients.ts';
import { discoverRp, testClient, type TestRp } from '../support/journey.ts';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { BACKCHANNEL_EVENT, LOGOUT_TOKEN_CLAIMS, verifyLogoutToken, type LoggedIn } from './logout-support.ts';

/** jens.hansen's business user at CVR 12345674 (he logs in with private MitID) and nr-jens's at 34567891 (dedicated MitID). */
export const BUSINESS_USERS = {
  jensAtTomrer: '3240a090-fde3-4e45-8018-edbecd0706b7',
  nrJensAtRevision: 'dd4ae5da-30aa-48d4-b816-e6275e03d22d',
} as const;

/** A logout token per Back-Channel Logout 1.0 §2.4 for this login: signature, iss, aud, events, its sub and sid, no nonce. */
export async function expectLogoutTokenFor(delivery: ReceivedLogout | undefined, rp: TestRp, login: LoggedIn): Promise<void> {
  expect(delivery, `a logout token for ${rp.registration.client_id}`).toBeDefined();
  expect(delivery!.contentType).toBe('application/x-www-form-urlencoded');
  expect(delivery!.otherFields).toEqual([]);
  const { payload, header } = await verifyLogoutToken(delivery!.logoutToken!, rp);
  expect(header['typ']).toBe('logout+jwt');
  expect(payload.iss).toBe(login.claims.iss);
  expect(payload.aud).toBe(rp.registration.client_id);
  expect(payload['events']).toEqual({ [BACKCHANNEL_EVENT]: {} });
  expect(payload.sub).toBe(login.claims.sub);
  expect(payload['sid']).toBe(login.claims['sid']);
  expect(payload).not.toHaveProperty('nonce');
  expect(Object.keys(payload).sort()).toEqual(LOGOUT_TOKEN_CLAIMS);
}

/** HTTP status and JSON body of a token introspection by the client that owns the token. */
async function introspect(rp: TestRp, token: string): Promise<Record<string, unknown>> {
  const endpoint = rp.config.serverMetadata().introspection_endpoint!;
  const { client_id: id, client_secret: secret } = rp.registration;
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret!)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

async function userinfoAccepted(rp: TestRp, login: LoggedIn): Promise<boolean> {
  try {
    await client.fetchUserInfo(rp.config, login.accessToken, String(login.claims.sub));
    return true;
  } catch {
    return false;
  }
}

/** The OIDC error of a refresh (openid-client throws ResponseBodyError), or 'succeeded'. */
async function refreshOutcome(rp: TestRp, login: LoggedIn): Promise<string> {
  try {
    await client.refreshTokenGrant(rp.config, login.refreshToken!);
    return 'succeeded';
  } catch (error) {
    return String((error as { error?: string }).error ?? (error as Error).message);
  }
}

/** What a login's tokens do at every surface: userinfo, introspection (access and refresh token), refresh. */
export async function surfaces(rp: TestRp, login: LoggedIn) {
  return {
    userinfo: await userinfoAccepted(rp, login),
    accessTokenActive: (await introspect(rp, login.accessToken))['active'] === true,
    refreshTokenActive: login.refreshToken ? (await introspect(rp, login.refreshToken))['active'] === true : false,
  };
}

export async function expectRefusedEverywhere(rp: TestRp, login: LoggedIn): Promise<void> {
  expect(await surfaces(rp, login), rp.registration.client_id).toEqual({
    userinfo: false,
    accessTokenActive: false,
    refreshTokenActive: false,
  });
  if (login.refreshToken) expect(await refreshOutcome(rp, login)).toBe('invalid_grant');
}

/** Checked without spending the refresh token (a refresh would rotate it). */
export async function expectAcceptedEverywhere(rp: TestRp, login: LoggedIn): Promise<void> {
  expect(await surfaces(rp, login), rp.registration.client_id).toEqual({
    userinfo: true,
    accessTokenActive: true,
    refreshTokenActive: login.refreshToken !== undefined,
  });
}

export interface RevocationWorld {
  kontekst: RunningKontekst;
  /** The relying parties' back-channel logout endpoint (one path per client). */
  receiver: BackchannelReceiver;
  /** Each client by its ID, discovered against Kontekst. */
  rps: Record<string, TestRp>;
  close(): Promise<void>;
}

/**
 * A Kontekst with test clients that listen for logout tokens (`listening`) and clients that do not (`plain`);
 * `overrides` changes a client's registration (e.g. the admin console's identity types).
 */
export async function startRevocationWorld(
  listening: string[],
  plain: string[] = [],
  options: { overrides?: Record<string, Partial<ClientRegistration>>; unlisted?: ClientRegistration[] } = {},
): Promise<RevocationWorld> {
  const receiver = await startBackchannelReceiver();
  const registrations = [
    ...listening.map((clientId) =>
      testClient({ client_id: clientId, backchannel_logout_uri: receiver.uriFor(clientId), ...options.overrides?.[clientId] }),
    ),
    ...plain.map((clientId) => testClient({ client_id: clientId, ...options.overrides?.[clientId] })),
  ];
  const kontekst = await startKontekst({ build: { extraClients: [...registrations, ...(options.unlisted ?? [])] } });
  const rps: Record<string, TestRp> = {};
  for (const registration of registrations) rps[registration.client_id] = await discoverRp(kontekst.url, registration);
  return {
    kontekst,
    receiver,
    rps,
    async close() {
      await kontekst.close();
      await receiver.close();
    },
  };
}
