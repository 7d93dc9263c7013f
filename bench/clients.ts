// The benchmark's relying party, registered the same way at Kontekst and at the bare oidc-provider.
import type { ClientRegistration } from '../src/oidc/clients.ts';

export const BENCH_REDIRECT_URI = 'https://bench-rp.example/callback';

export const BENCH_CLIENT: ClientRegistration = {
  client_id: 'bench-rp',
  client_secret: 'bench-secret-bench-secret-bench-secret-01',
  client_name: 'Benchmark RP',
  redirect_uris: [BENCH_REDIRECT_URI],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
  identity_types: ['private', 'professional'],
  entitlements: [],
  first_party: true,
};
