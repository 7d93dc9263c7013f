// oidcc-registration-sector-uri and oidcc-registration-sector-bad: pairwise subjects per sector, and a sector document that must list every redirect URI.
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueInitialAccessToken } from '../../src/oidc/registration.ts';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { logIn, minimalMetadata, register, rpFor } from '../cli/support/registration.ts';
import { selfSignedCertificate, type SelfSignedCertificate } from '../support/tls-proxy.ts';

const REDIRECTS = ['https://app-one.example/callback', 'https://app-two.example/callback'];

let kontekst: RunningKontekst;
let iat: string;
let sectorServer: Server;
let sectorBase: string;
let certificate: SelfSignedCertificate | undefined;

beforeAll(async () => {
  // sector_identifier_uri must be https: a throwaway self-signed server, trusted by this test process only.
  certificate = selfSignedCertificate();
  process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
  sectorServer = createServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(req.url === '/sector.json' ? REDIRECTS : [REDIRECTS[0]]));
  });
  await new Promise<void>((resolve) => sectorServer.listen(0, '127.0.0.1', resolve));
  sectorBase = `https://127.0.0.1:${(sectorServer.address() as AddressInfo).port}`;
  kontekst = await startKontekst();
  ({ token: iat } = await issueInitialAccessToken(kontekst.kontekst.provider, { expiresInSeconds: 600 }));
});
afterAll(async () => {
  await kontekst?.close();
  await new Promise((resolve) => sectorServer?.close(resolve));
  if (certificate) rmSync(certificate.dir, { recursive: true, force: true });
});

describe('oidcc-registration-sector-uri', () => {
  it('registers clients with redirect URIs on several hosts under one sector; the same person gets the same pairwise sub in both', async () => {
    const sector = `${sectorBase}/sector.json`;
    const one = await register(kontekst.url, iat, minimalMetadata({ redirect_uris: REDIRECTS, sector_identifier_uri: sector }));
    expect(one.status, JSON.stringify(one.body)).toBe(201);
    const two = await register(kontekst.url, iat, minimalMetadata({ redirect_uris: [REDIRECTS[1]], sector_identifier_uri: sector }));
    expect(two.status, JSON.stringify(two.body)).toBe(201);
    const alone = await register(kontekst.url, iat, minimalMetadata({ redirect_uris: [REDIRECTS[1]] }));

    const subOf = async (registered: Record<string, unknown>, redirect: string) =>
      (
        await logIn(
          kontekst.url,
          await rpFor(kontekst.url, String(registered['client_id']), String(registered['client_secret']), redirect),
          'openid',
        )
      ).claims()!['sub'];
    const subOne = await subOf(one.body, REDIRECTS[0]!);
    expect(await subOf(two.body, REDIRECTS[1]!)).toBe(subOne);
    // Without the shared sector the client is its own sector: another pairwise sub for the same person.
    expect(await subOf(alone.body, REDIRECTS[1]!)).not.toBe(subOne);
  });
});

describe('oidcc-registration-sector-bad', () => {
  it('refuses a sector_identifier_uri whose document does not list every redirect URI', async () => {
    const refused = await register(
      kontekst.url,
      iat,
      minimalMetadata({ redirect_uris: REDIRECTS, sector_identifier_uri: `${sectorBase}/partial.json` }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body['error']).toBe('invalid_client_metadata');
    expect(String(refused.body['error_description'])).toMatch(/sector_identifier_uri/);
  });

  it('refuses an http sector_identifier_uri', async () => {
    const refused = await register(kontekst.url, iat, minimalMetadata({ sector_identifier_uri: 'http://127.0.0.1:1/sector.json' }));
    expect(refused.body['error']).toBe('invalid_client_metadata');
    expect(String(refused.body['error_description'])).toMatch(/sector_identifier_uri/);
  });
});
