// A tiny third-party relying party on its own port: starts a code flow (PKCE) at Kontekst and shows the claims it got.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import * as oidc from 'openid-client';
import { parseClient, type ClientRegistration } from '../../../src/oidc/clients.ts';
import { listen } from '../../support/kontekst.ts';

export interface ThirdPartyRp {
  url: string;
  registration: ClientRegistration;
  close(): Promise<void>;
}

export const THIRD_PARTY_NAME = 'Kommunens Byggesag';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
  );
}

/** Claims as a definition list, so a test can read them like a person: dt "professional.org_name" → dd value. */
function claimList(claims: Record<string, unknown>): string {
  const rows = Object.entries(claims).map(
    ([name, value]) =>
      `<dt>${escapeHtml(name)}</dt><dd data-claim="${escapeHtml(name)}">${escapeHtml(typeof value === 'string' ? value : JSON.stringify(value))}</dd>`,
  );
  return `<dl>${rows.join('')}</dl>`;
}

/**
 * GET /login?login_hint=…&prompt=… starts a login (no ui_locales: Kontekst must follow the browser's
 * Accept-Language); GET /callback redeems the code with openid-client and renders ID token and userinfo claims.
 */
export async function startThirdPartyRp(kontekstUrl: string): Promise<ThirdPartyRp> {
  const server = createServer();
  const port = await listen(server);
  const url = `http://127.0.0.1:${port}`;
  const registration = parseClient(
    {
      client_id: 'third-party-byggesag',
      client_name: THIRD_PARTY_NAME,
      client_secret: 'browser-test-secret-0123456789-abcdefghij',
      redirect_uris: [`${url}/callback`],
      token_endpoint_auth_method: 'client_secret_basic',
      identity_types: ['private', 'professional'],
      first_party: false,
    },
    'browser test third-party RP',
  );
  let configuration: oidc.Configuration | undefined;
  const discovered = async () =>
    (configuration ??= await oidc.discovery(new URL(kontekstUrl), registration.client_id, registration.client_secret, undefined, {
      execute: [oidc.allowInsecureRequests],
    }));
  const pending = new Map<string, { verifier: string; nonce: string }>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestUrl = new URL(req.url ?? '/', url);
    if (requestUrl.pathname === '/login') {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      pending.set(state, { verifier, nonce });
      const extra = Object.fromEntries([...requestUrl.searchParams].filter(([name]) => ['login_hint', 'prompt'].includes(name)));
      const authorize = oidc.buildAuthorizationUrl(await discovered(), {
        redirect_uri: registration.redirect_uris[0]!,
        scope: 'openid profile email professional',
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
        ...extra,
      });
      res.writeHead(303, { location: authorize.href }).end();
      return;
    }
    if (requestUrl.pathname === '/callback') {
      const state = requestUrl.searchParams.get('state') ?? '';
      const login = pending.get(state);
      pending.delete(state);
      if (!login) return page(res, 400, 'Unknown login', '');
      try {
        const tokens = await oidc.authorizationCodeGrant(await discovered(), requestUrl, {
          pkceCodeVerifier: login.verifier,
          expectedState: state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        });
        const claims = tokens.claims()!;
        const userinfo = await oidc.fetchUserInfo(await discovered(), tokens.access_token, claims.sub);
        return page(res, 200, 'Signed in', `<h2>ID token</h2>${claimList(claims)}<h2>Userinfo</h2>${claimList(userinfo)}`);
      } catch (error) {
        if (error instanceof oidc.AuthorizationResponseError) {
          return page(
            res,
            400,
            'Login failed',
            `<p id="error">${escapeHtml(error.error)}</p><p id="error-description">${escapeHtml(error.error_description ?? '')}</p>`,
          );
        }
        throw error;
      }
    }
    page(res, 404, 'Not found', '');
  }

  server.on('request', (req, res) => {
    handle(req, res).catch((error: Error) => page(res, 500, 'RP error', `<p>${escapeHtml(error.message)}</p>`));
  });
  return {
    url,
    registration,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
