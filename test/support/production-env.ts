// One production environment that every production rule accepts, for tests that start from it and change one key.
export const PRODUCTION_ENV: Readonly<Record<string, string>> = Object.freeze({
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://login.example.dk',
  COOKIE_SECRETS: 'a-production-cookie-secret-0123456789abcdef',
  PAIRWISE_SALT: 'a-production-pairwise-salt-0123456789',
  REDIS_URL: 'rediss://redis.internal:6380',
  UPSTREAM_ISSUER: 'https://broker.example.dk',
  TRUST_PROXY: 'true',
});
