// Production refuses unsafe settings at start: each named by its key, all reported together, exit 78 from the real process.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.ts';
import { productionProblems } from '../../src/config/production-rules.ts';
import { envSchema } from '../../src/config/schema.ts';
import { PRODUCTION_ENV } from '../support/production-env.ts';

/** A production environment that starts: every rule satisfied. */
const SAFE: Record<string, string> = { ...PRODUCTION_ENV };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

describe('production rules', () => {
  it('a safe production environment starts', () => {
    expect(problemsOf(SAFE)).toEqual([]);
    expect(loadConfig(SAFE).simulator.enabled).toBe(false);
    expect(loadConfig(SAFE).demoRp.enabled).toBe(false);
  });

  const refused: [string, Record<string, string | undefined>, RegExp][] = [
    ['memory storage', { REDIS_URL: undefined }, /^REDIS_URL: .*ALLOW_MEMORY_STORAGE_IN_PRODUCTION=true/],
    ['the simulator served', { SIMULATOR_ENABLED: 'true' }, /^SIMULATOR_ENABLED: /],
    ['no upstream issuer (the simulator as upstream)', { UPSTREAM_ISSUER: undefined }, /^UPSTREAM_ISSUER: required/],
    ['the demo relying party', { DEMO_RP_ENABLED: 'true' }, /^DEMO_RP_ENABLED: /],
    ['an http public URL', { PUBLIC_URL: 'http://login.example.dk' }, /^PUBLIC_URL: must be https/],
    ['a weak upstream client secret', { UPSTREAM_CLIENT_AUTH: 'client_secret_basic', UPSTREAM_CLIENT_SECRET: 'x' }, /^UPSTREAM_CLIENT_SECRET: too weak/],
    ['an http upstream issuer', { UPSTREAM_ISSUER: 'http://broker.example.dk' }, /^UPSTREAM_ISSUER: must be https/],
    ['no trusted proxy (every login would fail on Secure cookies)', { TRUST_PROXY: undefined }, /^TRUST_PROXY: must be true.*X-Forwarded-Proto/],
  ];
  it.each(refused)('refuses %s, naming the key', (_name, change, expected) => {
    const env = Object.fromEntries(Object.entries({ ...SAFE, ...change }).filter(([, value]) => value !== undefined)) as Record<string, string>;
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
  });

  it('memory storage only with the documented opt-in', () => {
    const { REDIS_URL: _redis, ...withoutRedis } = SAFE;
    expect(problemsOf({ ...withoutRedis, ALLOW_MEMORY_STORAGE_IN_PRODUCTION: 'true' })).toEqual([]);
  });

  it('reports every problem of one start together', () => {
    const problems = problemsOf({ NODE_ENV: 'production', PUBLIC_URL: 'http://x.example', SIMULATOR_ENABLED: 'true', DEMO_RP_ENABLED: 'true' });
    for (const key of ['PUBLIC_URL', 'SIMULATOR_ENABLED', 'DEMO_RP_ENABLED', 'UPSTREAM_ISSUER', 'REDIS_URL', 'COOKIE_SECRETS']) {
      expect(problems.some((problem) => problem.startsWith(`${key}:`)), key).toBe(true);
    }
  });

  it('has nothing to say outside production', () => {
    expect(productionProblems(envSchema.parse({ SIMULATOR_ENABLED: 'true', PUBLIC_URL: 'http://localhost:3000' }))).toEqual([]);
  });

  it('the real process exits 78 and names the key', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH, ...SAFE, SIMULATOR_ENABLED: 'true' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('SIMULATOR_ENABLED');
  });
});

describe('rate limit settings', () => {
  it('have defaults and take "<count>/<seconds>"', () => {
    expect(loadConfig({}).rateLimits.clientAuthPerClient).toEqual({ points: 20, durationSeconds: 300 });
    expect(loadConfig({ RATE_LIMIT_LOGINS_PER_IP: '5/10' }).rateLimits.loginsPerIp).toEqual({ points: 5, durationSeconds: 10 });
  });

  it('refuse a malformed or zero limit, naming the key', () => {
    expect(problemsOf({ RATE_LIMIT_LOGINS_PER_IP: 'lots' })[0]).toMatch(/^RATE_LIMIT_LOGINS_PER_IP: /);
    expect(problemsOf({ RATE_LIMIT_CLIENT_AUTH_PER_IP: '0/60' })[0]).toMatch(/^RATE_LIMIT_CLIENT_AUTH_PER_IP: /);
  });
});
