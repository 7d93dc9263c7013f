// The client registration Kontekst registers for the demo relying party, validated like any static client.
import { randomBytes } from 'node:crypto';
import { parseClient, type ClientRegistration } from '../oidc/clients.ts';

export const DEMO_CLIENT_ID = 'demo-digital-post';
export const DEMO_BASE_PATH = '/demo-rp';

export interface DemoUrls {
  home: string;
  callback: string;
}

/** The demo RP's absolute URLs under Kontekst's public URL (the issuer and the RP share one origin). */
export function demoUrls(publicUrl: string): DemoUrls {
  return { home: `${publicUrl}${DEMO_BASE_PATH}/`, callback: `${publicUrl}${DEMO_BASE_PATH}/callback` };
}

/** A fresh secret per process start: 32 random bytes, base64url (43 characters). Never logged, never persisted. */
export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function demoClientRegistration(publicUrl: string, clientSecret: string): ClientRegistration {
  const urls = demoUrls(publicUrl);
  return parseClient(
    {
      client_id: DEMO_CLIENT_ID,
      client_name: 'Digital Post (demo)',
      client_secret: clientSecret,
      token_endpoint_auth_method: 'client_secret_basic',
      redirect_uris: [urls.callback],
      post_logout_redirect_uris: [urls.home],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      identity_types: ['private', 'professional'],
      entitlements: ['cpr', 'mitid'],
      first_party: true,
      // Its own rights namespace: it never sees other services' rights.
      privilege_namespaces: [DEMO_RP_PRIVILEGE_NAMESPACE],
    },
    'demo relying party',
  );
}

/** The demo relying party plays Digital Post: it is registered for Digital Post's rights only (never, say, SKAT's). */
export const DEMO_RP_PRIVILEGE_NAMESPACE = 'urn:dk:digitalpost:';
