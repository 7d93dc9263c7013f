// Signing keys for the simulator's ID tokens: the given private JWKS, or a fresh RS256 key per process.
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { PrivateJwks } from '../crypto/jwks.ts';

/** A fresh RS256 signing key; RS256 because it is every client library's default ID token algorithm. */
export async function generateSigningJwks(): Promise<PrivateJwks> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { keys: [{ ...jwk, kid: `mitid-sim-${randomUUID()}`, alg: 'RS256', use: 'sig' } as JWK] };
}
