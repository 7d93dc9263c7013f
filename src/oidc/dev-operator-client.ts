// Development only: an operator API client of the admin API, its secret kept in KEYS_DIR (never printed) for the README's curl examples.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { ClientRegistration } from './clients.ts';
import { writeFileAtomically } from './keys.ts';

export const DEV_OPERATOR_CLIENT_FILE = 'admin-operator-client.json';
export const DEV_OPERATOR_CLIENT_ID = 'kontekst-dev-operator';

const storedSchema = z.object({ client_id: z.literal(DEV_OPERATOR_CLIENT_ID), client_secret: z.string().min(32) });

/** The same client on every start: the secret is made once and read back afterwards. */
export async function devOperatorClient(keysDir: string): Promise<ClientRegistration> {
  const file = join(keysDir, DEV_OPERATOR_CLIENT_FILE);
  const read = () =>
    readFile(file, 'utf8').then(
      (text) => storedSchema.safeParse(JSON.parse(text)),
      () => undefined,
    );
  let stored = await read();
  if (!stored?.success) {
    await writeFileAtomically(file, { client_id: DEV_OPERATOR_CLIENT_ID, client_secret: randomBytes(32).toString('base64url') });
    // Read back: of two processes starting together, the last rename wins and both must use its secret.
    stored = await read();
    if (!stored?.success) throw new Error(`${file}: could not be written`);
  }
  return {
    client_id: DEV_OPERATOR_CLIENT_ID,
    client_secret: stored.data.client_secret,
    client_name: 'Kontekst development operator',
    redirect_uris: [],
    grant_types: ['client_credentials'],
    response_types: [],
    token_endpoint_auth_method: 'client_secret_basic',
    identity_types: ['professional'],
    entitlements: [],
    first_party: false,
    privilege_namespaces: [],
    admin_operator: true,
  } as unknown as ClientRegistration;
}
