// Configuration loading: defaults, derived values and fail-fast errors that name the key.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.ts';

describe('loadConfig', () => {
  it('derives embedded defaults for development', () => {
    const config = loadConfig({});
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.simulator.enabled).toBe(true);
    expect(config.upstream.issuer).toBe('http://localhost:3000/mitid-sim');
    expect(config.redis).toBeUndefined();
    expect(Object.isFrozen(config.upstream)).toBe(true);
  });

  it('names the bad key', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrowError(/PORT/);
    expect(() => loadConfig({ REDIS_URL: 'http://nope' })).toThrowError(/REDIS_URL/);
  });

  it('refuses development secrets in production', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.join('\n');
    expect(issues).toMatch(/COOKIE_SECRETS/);
    expect(issues).toMatch(/PAIRWISE_SALT/);
    expect(issues).toMatch(/PUBLIC_URL/);
    expect(issues).toMatch(/WORLD_FILE/);
  });

  it('reads upstream claims from the ID token alone for the built-in simulator only, unless told otherwise', () => {
    expect(loadConfig({}).upstream.claimsFromIdToken).toBe(true);
    expect(loadConfig({ UPSTREAM_ISSUER: 'https://broker.example' }).upstream.claimsFromIdToken).toBe(false);
    expect(loadConfig({ UPSTREAM_ISSUER: 'https://broker.example', UPSTREAM_CLAIMS_FROM_ID_TOKEN: 'true' }).upstream.claimsFromIdToken).toBe(true);
    expect(loadConfig({ UPSTREAM_CLAIMS_FROM_ID_TOKEN: 'false' }).upstream.claimsFromIdToken).toBe(false);
  });

  it('switches to Redis when REDIS_URL is set', () => {
    const config = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(config.redis?.url).toBe('redis://127.0.0.1:6379');
  });
});
