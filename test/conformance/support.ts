// Conformance-suite helpers: a Kontekst per file, logins through the demo users, and the separation assertions.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type * as client from 'openid-client';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import {
  Person,
  authorizationRequest,
  choose,
  describe as describeStop,
  discoverRp,
  loginAt,
  redeem,
  type AuthorizationRequest,
  type JourneyStop,
  type TestRp,
} from '../support/journey.ts';
import { DEMO_LOGINS, PRIVATE_IDENTIFIERS } from '../support/demo-people.ts';
import type { ClientRegistration } from '../../src/oidc/clients.ts';
import type { ResourceServerInput } from '../../src/oidc/resource-servers.ts';

export const LOA = {
  substantial: 'https://data.gov.dk/concept/core/nsis/loa/Substantial',
  high: 'https://data.gov.dk/concept/core/nsis/loa/High',
} as const;

/** jens.hansen's business identities: must never appear in his private context. */
export const JENS_PROFESSIONAL = {
  uuids: ['3240a090-fde3-4e45-8018-edbecd0706b7', 'dd4ae5da-30aa-48d4-b816-e6275e03d22d'],
  cvrs: ['12345674', '34567891'],
  emails: ['jens@toemrermester-hansen.dk', 'jha@nordisk-revision.dk'],
};

/** Starts Kontekst with the given clients and (optionally) resource servers written to a temporary file. */
export async function startConformanceKontekst(
  clients: ClientRegistration[],
  options: { resourceServers?: ResourceServerInput[] } = {},
): Promise<RunningKontekst> {
  const env: Record<string, string> = {};
  if (options.resourceServers) {
    const dir = await mkdtemp(join(tmpdir(), 'kontekst-rs-'));
    const file = join(dir, 'resource-servers.json');
    await writeFile(file, JSON.stringify(options.resourceServers));
    env['RESOURCE_SERVERS_FILE'] = file;
  }
  return startKontekst({ env, build: { extraClients: clients } });
}

export interface Login {
  person: Person;
  request: AuthorizationRequest;
  tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;
  claims: client.IDToken;
}

/**
 * Submits oidc-provider's self-submitting forms as a JavaScript browser would: switching context ends the
 * previous session through /session/end/confirm before the new login resumes.
 */
export async function settle(person: Person, stop: JourneyStop): Promise<JourneyStop> {
  let current = stop;
  for (let hop = 0; hop < 5 && current.kind === 'page' && current.page.html.includes('document.forms[0].submit()'); hop += 1) {
    const form = current.page.forms[0]!;
    const page = await person.kontekst.post(form.action, form.fields);
    current = page.callbackUrl ? { kind: 'callback', callbackUrl: page.callbackUrl, page } : { kind: 'page', page };
  }
  return current;
}

export function callbackOf(stop: JourneyStop): URL {
  if (stop.kind !== 'callback') throw new Error(`expected a redirect to the relying party, got ${describeStop(stop)}`);
  return stop.callbackUrl;
}

/**
 * A whole login of a demo user: authorization request → MitID simulator → (chooser) → callback → token.
 * With `context`, the chooser is expected and answered; a `person` reuses a browser (SSO).
 */
export async function logIn(
  rp: TestRp,
  userId: keyof typeof DEMO_LOGINS | string,
  options: { params?: Record<string, string>; context?: string; person?: Person; baseUrl?: string } = {},
): Promise<Login> {
  const person = options.person ?? new Person(options.baseUrl ?? new URL(rp.config.serverMetadata().issuer).origin);
  const request = await authorizationRequest(rp, options.params);
  let stop = await loginAt(person, request.url, DEMO_LOGINS[userId]);
  if (options.context) stop = await choose(person, stop, options.context);
  stop = await settle(person, stop);
  const callback = callbackOf(stop);
  const error = callback.searchParams.get('error');
  if (error) throw new Error(`login ended in ${error}: ${callback.searchParams.get('error_description') ?? ''}`);
  const tokens = await redeem(rp, request, callback);
  return { person, request, tokens, claims: tokens.claims()! };
}

/** Follows an authorization request in an existing browser (SSO) and returns the redirect to the RP. */
export async function authorizeAgain(person: Person, url: URL): Promise<URL> {
  return callbackOf(await settle(person, await loginAt(person, url)));
}

const PROFESSIONAL_KEYS = /^professional(\.|$)/;
const PRIVATE_ONLY_KEYS = ['dk.cpr', 'mitid.uuid', 'birthdate'];

/**
 * The separation guarantee for any surface (ID token, userinfo, JWT access token, introspection, token response):
 * a private payload carries no professional claim or identifier; a professional one no CPR, MitID UUID,
 * birthdate or any private identifier of the demo people.
 */
export function expectSeparated(payload: unknown, context: 'private' | 'professional'): void {
  const text = JSON.stringify(payload);
  const keys = Object.keys((payload ?? {}) as Record<string, unknown>);
  if (context === 'private') {
    expect(
      keys.filter((key) => PROFESSIONAL_KEYS.test(key)),
      text,
    ).toEqual([]);
    for (const value of [...JENS_PROFESSIONAL.uuids, ...JENS_PROFESSIONAL.emails]) expect(text).not.toContain(value);
    expect(text).not.toContain('"mitid_erhverv"');
  } else {
    expect(
      keys.filter((key) => PRIVATE_ONLY_KEYS.includes(key)),
      text,
    ).toEqual([]);
    for (const person of Object.values(PRIVATE_IDENTIFIERS)) {
      for (const value of Object.values(person)) expect(text).not.toContain(value);
    }
  }
  const type = (payload as Record<string, unknown>)['identity_type'];
  if (type !== undefined) expect(type).toBe(context);
}

export { discoverRp, authorizationRequest, redeem, Person };
export type { TestRp, AuthorizationRequest };
