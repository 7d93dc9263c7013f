// The benchmark's relying party, registered the same way at Kontekst and at the bare oidc-provider.
import type { ClientRegistration } from '../src/oidc/clients.ts';
import { testClient } from '../test/support/journey.ts';

export const BENCH_REDIRECT_URI = 'https://bench-rp.example/callback';

/** A first-party confidential client for both contexts, like the tests' relying parties. */
export const BENCH_CLIENT: ClientRegistration = testClient({
  client_id: 'bench-rp',
  client_secret: 'bench-secret-bench-secret-bench-secret-01',
  client_name: 'Benchmark RP',
  redirect_uris: [BENCH_REDIRECT_URI],
});
