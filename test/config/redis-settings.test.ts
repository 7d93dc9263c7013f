// Redis-related configuration: key prefix without hash-tag braces, one Redis source, directory index secret fallback.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';

describe('Redis configuration', () => {
  it("refuses braces in REDIS_KEY_PREFIX (they would replace the keys' own Cluster hash tags)", () => {
    for (const prefix of ['kon{tekst}', '{kontekst}', 'a}b', 'has space']) {
      expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: prefix })).toThrowError(/REDIS_KEY_PREFIX/);
    }
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_KEY_PREFIX: 'prod:kontekst-1' }).redis?.keyPrefix).toBe(
      'prod:kontekst-1',
    );
  });

  it('takes exactly one of REDIS_URL, REDIS_CLUSTER_NODES and REDIS_SENTINELS', () => {
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: '127.0.0.1:7000' })).toThrowError(/set only one/);
    const cluster = loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, 10.0.0.2:7000' });
    expect(cluster.redis?.clusterNodes).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: '10.0.0.2', port: 7000 },
    ]);
  });

  it('reads the Redis timeouts, with defaults', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redis).toMatchObject({
      commandTimeoutMs: 2000,
      maxReconnectDelayMs: 2000,
      connectTimeoutMs: 30_000,
    });
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_COMMAND_TIMEOUT_MS: '300' }).redis?.commandTimeoutMs).toBe(300);
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_COMMAND_TIMEOUT_MS: '5' })).toThrowError(
      /REDIS_COMMAND_TIMEOUT_MS/,
    );
  });

  it('uses DIRECTORY_INDEX_SECRET for the directory index, falling back to PAIRWISE_SALT', () => {
    const salt = 'a-pairwise-salt-of-enough-length';
    expect(loadConfig({ PAIRWISE_SALT: salt }).directoryIndexSecret).toBe(salt);
    expect(loadConfig({ PAIRWISE_SALT: salt, DIRECTORY_INDEX_SECRET: 'another-secret-for-the-index' }).directoryIndexSecret).toBe(
      'another-secret-for-the-index',
    );
    expect(() => loadConfig({ DIRECTORY_INDEX_SECRET: 'short' })).toThrowError(/DIRECTORY_INDEX_SECRET/);
  });
});
