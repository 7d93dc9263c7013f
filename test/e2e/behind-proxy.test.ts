// Production behind a TLS proxy: a request that does not arrive as https is logged with what to set, and every 500 logs its cause.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROXY_ADVICE } from '../../src/http/proxy-check.ts';
import { SigningKeySet } from '../../src/oidc/key-rotation.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { testClient } from '../support/journey.ts';

let prod: RunningKontekst;
let keysDir: string;
const lines: string[] = [];
const registration = testClient({ client_id: 'proxy-rp' });

beforeAll(async () => {
  keysDir = await mkdtemp(join(tmpdir(), 'kontekst-proxy-keys-'));
  await SigningKeySet.create(keysDir);
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  await writeFile(
    join(keysDir, 'upstream-client.jwks.json'),
    JSON.stringify({ keys: [{ ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: 'u' }] }),
  );
  prod = await startKontekst({
    env: {
      NODE_ENV: 'production',
      KEYS_DIR: keysDir,
      COOKIE_SECRETS: 'production-cookie-secret-for-the-test-0123456789',
      PAIRWISE_SALT: 'production-pairwise-salt-for-the-test',
      WORLD_FILE: 'config/demo-world.json',
      PUBLIC_URL: 'https://kontekst.test',
      UPSTREAM_ISSUER: 'https://mitid-broker.test',
      ALLOW_MEMORY_STORAGE_IN_PRODUCTION: 'true',
      TRUST_PROXY: 'true',
    },
    build: { extraClients: [registration] },
    logger: createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } }),
  });
});
afterAll(async () => {
  await prod?.close();
  await rm(keysDir, { recursive: true, force: true });
});

/** /auth on the test server's real port, as the proxy would forward it (with or without X-Forwarded-Proto). */
async function authorize(headers: Record<string, string>): Promise<Response> {
  const query = new URLSearchParams({
    client_id: registration.client_id,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: registration.redirect_uris[0]!,
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  });
  return fetch(`${prod.url}/auth?${query}`, { redirect: 'manual', headers });
}

describe('a TLS proxy that does not send X-Forwarded-Proto', () => {
  it('every such request is logged with the setting to fix, and the 500 logs its cause', async () => {
    const before = lines.length;
    const response = await authorize({});
    expect(response.status).toBeGreaterThanOrEqual(500);
    const logged = lines.slice(before).join('\n');
    expect(logged).toContain(PROXY_ADVICE);
    expect(logged).toContain('OIDC server error');
    expect(logged).toMatch(/"stack":"[^"]*secure cookie/i);
  });

  it('with X-Forwarded-Proto: https the same request works and logs no advice', async () => {
    const before = lines.length;
    const response = await authorize({ 'x-forwarded-proto': 'https' });
    expect(response.status).toBe(303);
    expect(lines.slice(before).join('\n')).not.toContain(PROXY_ADVICE);
  });
});
