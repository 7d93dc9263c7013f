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
    const issues = (error as ConfigError).problems.join('\n');
    expect(issues).toMatch(/COOKIE_SECRETS/);
    expect(issues).toMatch(/PAIRWISE_SALT/);
    expect(issues).toMatch(/PUBLIC_URL/);
    // The directory is kept by administrators now: production needs no world file.
    expect(issues).not.toMatch(/WORLD_FILE/);
  });

  it('seeds the demo world only outside production', () => {
    expect(loadConfig({}).worldFile).toBe('config/demo-world.json');
    const production = {
      NODE_ENV: 'production', COOKIE_SECRETS: 'x'.repeat(40), PAIRWISE_SALT: 'y'.repeat(40), PUBLIC_URL: 'https://id.example.dk',
      UPSTREAM_ISSUER: 'https://mitid.example.dk', REDIS_URL: 'rediss://redis.internal:6380', TRUST_PROXY: 'true',
    };
    expect(loadConfig(production).worldFile).toBeUndefined();
    expect(loadConfig({ ...production, WORLD_FILE: 'own-world.json' }).worldFile).toBe('own-world.json');
  });

  it('validates UPSTREAM_CLAIM_MAPPING with the connector\'s nested schema: a partial value map is filled with defaults', () => {
    const config = loadConfig({ UPSTREAM_CLAIM_MAPPING: '{"idpValues":{"mitid":"MitID"}}' });
    expect(config.upstream.claimMapping?.idpValues).toEqual({ mitid: 'MitID', mitid_erhverv: 'mitid_erhverv' });
    expect(config.upstream.claimMapping?.cpr).toBe('dk.cpr');
  });

  it('names an unknown UPSTREAM_CLAIM_MAPPING key and not-JSON, together with other bad keys', () => {
    const problemsOf = (env: Record<string, string>): string => {
      try {
        loadConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).problems.join('\n');
      }
      throw new Error('expected the configuration to be refused');
    };
    expect(problemsOf({ UPSTREAM_CLAIM_MAPPING: '{"cprr":"x"}', PORT: 'eighty' })).toMatch(/UPSTREAM_CLAIM_MAPPING[\s\S]*"cprr"[\s\S]*PORT/);
    expect(problemsOf({ UPSTREAM_CLAIM_MAPPING: '{"idpValues":{"nemid":"x"}}' })).toMatch(/"nemid"[\s\S]*→ at idpValues/);
    expect(problemsOf({ UPSTREAM_CLAIM_MAPPING: '{cprr' })).toBe('UPSTREAM_CLAIM_MAPPING: not valid JSON');
    expect(problemsOf({ REDIS_CLUSTER_NODES: 'a:1,b', COOKIE_SECRETS: 'x', NODE_ENV: 'production' })).toMatch(/REDIS_CLUSTER_NODES: "b" is not host:port/);
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
