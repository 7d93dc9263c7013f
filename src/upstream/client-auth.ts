// Builds openid-client's client authentication (private_key_jwt or client_secret_basic) from the connector options.
import { importJWK, type JWK } from 'jose';
import { ClientSecretBasic, PrivateKeyJwt, type ClientAuth } from 'openid-client';

export type UpstreamClientAuthOptions =
  | { method: 'private_key_jwt'; privateJwk: JWK /* with kid and alg */ }
  | { method: 'client_secret_basic'; secret: string };

/** Resolves once; a bad key fails here, at start, not on the first login. */
export async function buildClientAuth(options: UpstreamClientAuthOptions): Promise<ClientAuth> {
  if (options.method === 'client_secret_basic') {
    if (!options.secret) throw new Error('Upstream client_secret_basic needs a secret');
    return ClientSecretBasic(options.secret);
  }
  const { privateJwk } = options;
  if (!privateJwk.alg) throw new Error('Upstream private_key_jwt key needs an "alg"');
  if (!('d' in privateJwk) || !privateJwk.d) throw new Error('Upstream private_key_jwt key must be a private key');
  const key = await importJWK(privateJwk, privateJwk.alg);
  if (key instanceof Uint8Array) throw new Error('Upstream private_key_jwt key must be asymmetric');
  return PrivateKeyJwt(privateJwk.kid ? { key, kid: privateJwk.kid } : key);
}
