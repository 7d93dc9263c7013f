// Signing keys: generated once in development, refused in production when they are development keys or missing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyError, loadOrCreateJwks, publicJwk } from '../../src/oidc/keys.ts';

const made: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kontekst-keys-test-'));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('loadOrCreateJwks', () => {
  it('generates development keys on first start and reuses them after', async () => {
    const dir = fresh();
    const first = await loadOrCreateJwks({ dir, file: 'signing.jwks.json', purpose: 'signing', production: false });
    expect(first.keys.map((key) => key.alg)).toEqual(['RS256', 'ES256']);
    expect(first.keys.every((key) => key.kid?.startsWith('dev-') && key.d)).toBe(true);
    const again = await loadOrCreateJwks({ dir, file: 'signing.jwks.json', purpose: 'signing', production: false });
    expect(again.keys.map((key) => key.kid)).toEqual(first.keys.map((key) => key.kid));
    expect(JSON.parse(readFileSync(join(dir, 'signing.jwks.json'), 'utf8')).keys).toHaveLength(2);
  });

  it('refuses development keys in production', async () => {
    const dir = fresh();
    await loadOrCreateJwks({ dir, file: 'signing.jwks.json', purpose: 'signing', production: false });
    await expect(loadOrCreateJwks({ dir, file: 'signing.jwks.json', purpose: 'signing', production: true })).rejects.toThrow(
      /development keys .* refused in production/,
    );
  });

  it('refuses to generate keys in production', async () => {
    await expect(loadOrCreateJwks({ dir: fresh(), file: 'signing.jwks.json', purpose: 'signing', production: true })).rejects.toBeInstanceOf(
      KeyError,
    );
  });

  it('refuses a public-only JWKS from the environment, naming the source, never echoing it', async () => {
    const dir = fresh();
    const { keys } = await loadOrCreateJwks({ dir, file: 'signing.jwks.json', purpose: 'signing', production: false });
    const inline = JSON.stringify({ keys: keys.map(publicJwk) });
    const attempt = loadOrCreateJwks({ dir, file: 'x.json', purpose: 'signing', production: true, inline });
    await expect(attempt).rejects.toThrow(/signing keys from the environment: invalid private JWKS/);
    expect(publicJwk(keys[0]!)).not.toHaveProperty('d');
  });
});
