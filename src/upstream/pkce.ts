// State, nonce and PKCE (S256) for the upstream hop with node:crypto's synchronous primitives.
import { createHash, randomBytes } from 'node:crypto';

/**
 * 32 random bytes, base64url (43 characters): a PKCE code verifier (RFC 7636 §4.1), state or nonce. The same
 * strength as openid-client's helpers; those go through WebCrypto, whose promise jobs cost far more CPU per login.
 */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The S256 code challenge of a verifier: BASE64URL(SHA-256(ASCII(verifier))). */
export function s256CodeChallenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}
