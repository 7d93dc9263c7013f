// Dynamic client registration (RFC 7591) behind initial access tokens, management (RFC 7592), and what a self-registered client may ask for.
import { randomBytes } from 'node:crypto';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Config } from '../config/index.ts';
import { isEntitled } from '../contexts/claims-profile.ts';
import {
  defaultOf, fieldProblem, isKontekstClientField, KONTEKST_CLIENT_PROPERTIES, kontekstMetadataOf, OPERATOR_ONLY_FIELDS,
} from './client-metadata.ts';
import { nearMissOf } from './metadata-near-miss.ts';

/**
 * The policy every initial access token Kontekst issues carries. oidc-provider runs an initial access token's
 * policies on registration and hands them on to the registration access token, so they run on every update too.
 */
export const SELF_REGISTRATION_POLICY = 'kontekst-self-registration';

/** Redirect-like metadata that sends the browser (or a logout token) somewhere: https only outside development. */
const REDIRECT_FIELDS = ['redirect_uris', 'post_logout_redirect_uris', 'backchannel_logout_uri'] as const;

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Default lifetime of an initial access token: long enough to hand over, short enough not to linger. */
export const DEFAULT_INITIAL_ACCESS_TOKEN_TTL_SECONDS = 24 * 60 * 60;

/** 64 characters of randomness; also what the CLI uses when it creates or rotates a secret. */
export function generateClientSecret(): string {
  return randomBytes(48).toString('base64url');
}

function invalid(field: string, why: string): Error {
  return new errors.InvalidClientMetadata(`${field}: ${why}`);
}

/** Why a redirect-like URI is refused, or undefined when it is allowed. */
function uriProblem(value: unknown, production: boolean): string | undefined {
  // Checked here, not left to oidc-provider's schema: its pairwise sector check parses every redirect URI
  // first and answers a non-URL entry with a 500.
  if (typeof value !== 'string') return `${JSON.stringify(value) ?? String(value)} is not a URI`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${JSON.stringify(value)} is not a URI`;
  }
  if (url.protocol === 'https:') return undefined;
  if (!production && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return production ? `${value} is not https (only https URIs are accepted)` : `${value} is neither https nor http on localhost`;
}

/**
 * Checks what a self-registered client asks for. `current` is the registered client on an RFC 7592 update,
 * undefined on registration. Throws invalid_client_metadata naming the field.
 */
export function checkSelfRegistration(
  properties: Record<string, unknown>,
  options: { production: boolean; current?: Record<string, unknown> },
): void {
  for (const field of Object.keys(properties)) {
    const meant = nearMissOf(field, KONTEKST_CLIENT_PROPERTIES);
    if (meant) throw invalid(field, `is not a Kontekst client metadata name; did you mean ${meant}?`);
  }
  for (const field of OPERATOR_ONLY_FIELDS) {
    if (!(field in properties) || properties[field] === undefined) continue;
    const asked = JSON.stringify(properties[field]);
    const granted = options.current ? JSON.stringify(options.current[field] ?? defaultOf(field)) : JSON.stringify(defaultOf(field));
    if (asked !== granted) throw invalid(field, 'is set by the operator and cannot be self-registered');
  }
  if (typeof properties['scope'] === 'string') {
    // Scopes that release data only to entitled clients: asking for them in `scope` metadata is asking for an entitlement.
    const granted = kontekstMetadataOf(options.current).entitlements;
    const missing = properties['scope'].split(' ').filter((scope) => !isEntitled(scope, granted));
    if (missing.length) throw invalid('scope', `${missing.join(', ')} need an entitlement granted by the operator`);
  }
  for (const [field, value] of Object.entries(properties)) {
    const problem = value !== undefined && isKontekstClientField(field) ? fieldProblem(field, value) : undefined;
    if (problem) throw invalid(field, problem);
  }
  for (const field of REDIRECT_FIELDS) {
    const value = properties[field];
    const values: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
    const why = values.map((uri) => uriProblem(uri, options.production)).find((problem) => problem !== undefined);
    if (why !== undefined) {
      if (field !== 'redirect_uris') throw invalid(field, why);
      // RFC 7591 §3.2.2 has its own error code for bad redirection URIs.
      const error = new errors.InvalidRedirectUri();
      error.error_description = `${field}: ${why}`;
      throw error;
    }
  }
}

/**
 * The registration policy: on registration, checks the request; on update (PUT) it also keeps the operator's
 * fields and rotates the secret when the request omits `client_secret` (RFC 7592 §2.2: an omitted field is a
 * request to delete it; a confidential client cannot be without one, so it gets a new one).
 */
function selfRegistrationPolicy(config: Config) {
  return (ctx: KoaContextWithOIDC, properties: Record<string, unknown>): void => {
    const updating = ctx.method === 'PUT' && ctx.oidc.client !== undefined;
    const current = updating ? (ctx.oidc.client as unknown as Record<string, unknown>) : undefined;
    checkSelfRegistration(properties, { production: config.production, current });
    if (!updating || !current) return;
    for (const field of OPERATOR_ONLY_FIELDS) {
      if (current[field] === undefined) delete properties[field];
      else properties[field] = current[field];
    }
    const body = (ctx.oidc.body ?? {}) as Record<string, unknown>;
    const { Client } = ctx.oidc.provider as unknown as { Client: { needsSecret(metadata: Record<string, unknown>): boolean } };
    if (!('client_secret' in body) && Client.needsSecret(properties)) {
      properties['client_secret'] = generateClientSecret();
      properties['client_secret_expires_at'] = 0;
    }
  };
}

export function registrationFeatures(
  config: Config,
): Pick<NonNullable<Configuration['features']>, 'registration' | 'registrationManagement'> {
  return {
    registration: {
      enabled: true,
      // Registration needs an initial access token issued by the operator (`kontekst initial-access-token issue`).
      initialAccessToken: true,
      policies: { [SELF_REGISTRATION_POLICY]: selfRegistrationPolicy(config) },
      secretFactory: () => generateClientSecret(),
      issueRegistrationAccessToken: true,
    },
    registrationManagement: {
      enabled: true,
      rotateRegistrationAccessToken: true,
    },
  };
}

/**
 * The extraClientMetadata validator check for self-registration (defence in depth next to the policy): with a
 * request context (RFC 7591/7592) operator-only fields must not be asked for; without one (static clients,
 * clients the CLI stored) anything valid goes. Throws invalid_client_metadata.
 */
export function assertNotSelfGranted(ctx: KoaContextWithOIDC | undefined, key: string, value: unknown): void {
  if (!ctx || !isKontekstClientField(key) || !OPERATOR_ONLY_FIELDS.includes(key) || value === undefined) return;
  const current = ctx.method === 'PUT' ? (ctx.oidc?.client as unknown as Record<string, unknown> | undefined) : undefined;
  const granted = current?.[key] ?? defaultOf(key);
  if (JSON.stringify(value) !== JSON.stringify(granted)) throw invalid(key, 'is set by the operator and cannot be self-registered');
}

/**
 * Issues an initial access token in this provider's storage (the CLI does the same against Redis).
 * Returns the token value; it carries the self-registration policy.
 */
export async function issueInitialAccessToken(
  provider: Provider,
  options: { expiresInSeconds?: number } = {},
): Promise<{ token: string; expiresAt: number }> {
  const expiresIn = options.expiresInSeconds ?? DEFAULT_INITIAL_ACCESS_TOKEN_TTL_SECONDS;
  const iat = new provider.InitialAccessToken({ expiresIn, policies: [SELF_REGISTRATION_POLICY] });
  const token = await iat.save();
  return { token, expiresAt: Math.floor(Date.now() / 1000) + expiresIn };
}
