// Issue 9's finding: the directory disappears with Redis data. Now an emptied directory is not ready (and said loudly),
// a restart never overwrites administrators' changes, and only an empty directory is seeded.
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.ts';
import { startKontekst } from '../support/kontekst.ts';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.ts';

let redis: RedisServerHandle;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

describe('the directory on Redis', () => {
  it('is not ready once Redis lost the directory (flushed or restarted empty), and says so in the log', async () => {
    const { logger, lines } = capturingLogger();
    const kontekst = await startKontekst({ env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'missing' }, logger });
    try {
      expect((await fetch(`${kontekst.url}/readyz`)).status).toBe(200);
      const client = new Redis(redis.url);
      await client.flushall();
      client.disconnect();
      const res = await fetch(`${kontekst.url}/readyz`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { checks: Record<string, boolean> }).checks).toMatchObject({ storage: true, directory: false });
      expect(lines.some((line) => line.includes('"level":50') && line.includes('the directory is missing'))).toBe(true);
    } finally {
      await kontekst.close();
    }
  });

  it("never overwrites administrators' changes on restart; the next start sees them", async () => {
    const env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'restart' };
    const first = await startKontekst({ env });
    const operator = { kind: 'operator', clientId: 'test' } as const;
    try {
      await first.kontekst.admin.disconnectOrganisation(operator, '29876541');
    } finally {
      await first.close();
    }
    const second = await startKontekst({ env });
    try {
      expect((await second.kontekst.admin.readOrganisation(operator, '29876541')).state).toBe('disconnected');
      expect((await fetch(`${second.url}/readyz`)).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('without a world file stays missing (not ready) until the operator initialises or imports it', async () => {
    const kontekst = await startKontekst({ env: { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'empty' }, build: { skipDirectorySeed: true } });
    try {
      expect((await fetch(`${kontekst.url}/readyz`)).status).toBe(503);
      await kontekst.kontekst.storage.directory.markPresent();
      expect((await fetch(`${kontekst.url}/readyz`)).status).toBe(200);
    } finally {
      await kontekst.close();
    }
  });
});
