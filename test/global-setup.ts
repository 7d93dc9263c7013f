// Runs once before all test files: generates the development keys every test server shares.
import { loadOrCreateJwks } from '../src/oidc/keys.ts';
import { SHARED_TEST_KEYS } from './support/keys-dir.ts';

export default async function setup(): Promise<void> {
  await loadOrCreateJwks({ dir: SHARED_TEST_KEYS, file: 'signing.jwks.json', purpose: 'signing', production: false });
  await loadOrCreateJwks({
    dir: SHARED_TEST_KEYS,
    file: 'upstream-client.jwks.json',
    purpose: 'upstream-client',
    production: false,
    algs: ['ES256'],
  });
  // The simulator's key is shared by every process of a deployment; made here so parallel test files never race to create it.
  await loadOrCreateJwks({
    dir: SHARED_TEST_KEYS,
    file: 'simulator-signing.jwks.json',
    purpose: 'simulator',
    production: false,
    algs: ['RS256'],
  });
}
