// What production refuses to start with: development secrets and data, the simulator or demo RP, plain HTTP, memory storage.
import type { RawEnv } from './schema.ts';

/** Development-only defaults; production refuses to start with any of them. */
export const DEV_COOKIE_SECRET = 'kontekst-development-cookie-secret-do-not-use';
export const DEV_PAIRWISE_SALT = 'kontekst-development-pairwise-salt';

/** A client secret shorter than this is guessable offline and online: 32 characters of a generator's output. */
const MIN_UPSTREAM_SECRET_LENGTH = 32;

/**
 * Every reason this environment must not run as production, each starting with the key to change (the loader
 * reports them all at once and the process exits 78). Empty outside production.
 */
export function productionProblems(raw: RawEnv): string[] {
  if (raw.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (!raw.COOKIE_SECRETS?.length) problems.push('COOKIE_SECRETS: required in production');
  if (raw.COOKIE_SECRETS?.some((secret) => secret === DEV_COOKIE_SECRET || secret.length < 32)) {
    problems.push('COOKIE_SECRETS: development or short (<32 chars) secrets are refused in production');
  }
  if (!raw.PAIRWISE_SALT || raw.PAIRWISE_SALT === DEV_PAIRWISE_SALT) problems.push('PAIRWISE_SALT: required in production');
  if (raw.DIRECTORY_INDEX_SECRET === DEV_PAIRWISE_SALT)
    problems.push('DIRECTORY_INDEX_SECRET: the development value is refused in production');

  if (!raw.PUBLIC_URL) problems.push('PUBLIC_URL: required in production');
  else if (!raw.PUBLIC_URL.startsWith('https://'))
    problems.push('PUBLIC_URL: must be https:// in production (cookies are Secure, tokens travel in URLs)');
  // Kontekst serves plain HTTP: with an https PUBLIC_URL a proxy terminates TLS, and only a trusted
  // X-Forwarded-Proto lets requests count as https (else every login fails setting its Secure cookies).
  if (!raw.TRUST_PROXY) {
    problems.push('TRUST_PROXY: must be true in production (behind the TLS-terminating proxy, which must send X-Forwarded-Proto: https)');
  }

  // The simulator is a fake MitID: as the upstream it would let anyone log in as anyone.
  if (raw.SIMULATOR_ENABLED) problems.push('SIMULATOR_ENABLED: the MitID simulator is never served in production');
  if (!raw.UPSTREAM_ISSUER)
    problems.push('UPSTREAM_ISSUER: required in production (the MitID broker; the simulator is never the upstream)');
  else if (!raw.UPSTREAM_ISSUER.startsWith('https://')) problems.push('UPSTREAM_ISSUER: must be https:// in production');
  if (raw.UPSTREAM_CLIENT_SECRET !== undefined && raw.UPSTREAM_CLIENT_SECRET.length < MIN_UPSTREAM_SECRET_LENGTH) {
    problems.push(`UPSTREAM_CLIENT_SECRET: too weak for production (at least ${MIN_UPSTREAM_SECRET_LENGTH} characters)`);
  }
  // The demo relying party registers a known client and serves pages nobody should reach in production.
  if (raw.DEMO_RP_ENABLED) problems.push('DEMO_RP_ENABLED: the demo relying party is never served in production');

  const redis = raw.REDIS_URL ?? raw.REDIS_CLUSTER_NODES ?? raw.REDIS_SENTINELS;
  if (redis === undefined && !raw.ALLOW_MEMORY_STORAGE_IN_PRODUCTION) {
    problems.push(
      'REDIS_URL: production needs Redis (REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS); ' +
        'in-memory storage loses every session on restart and cannot be shared. ' +
        'For a single-node trial only, set ALLOW_MEMORY_STORAGE_IN_PRODUCTION=true',
    );
  }
  return problems;
}
