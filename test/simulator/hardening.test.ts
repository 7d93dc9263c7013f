// The simulator under abuse: oversized forms (413), Redis down (503), a burst of wrong PINs on Redis, one source guessing codes (429).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisAdapterFactory } from '../../src/oidc/adapters/redis-adapter.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { createRedis, waitForRedis, type RedisClient } from '../../src/store/redis.ts';
import { RedisKeyValueStore } from '../../src/store/redis-kv.ts';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.ts';
import { expectPage, shownCode, wrongOf, type SimulatorBrowser, type SimulatorPage } from '../support/simulator-driver.ts';
import { authorizationRequest, startTestSimulator, type TestSimulator } from './harness.ts';

const csrfOf = (page: SimulatorPage): string => page.forms[0]!.fields.csrf!;
const interactionUrl = (page: SimulatorPage, suffix = ''): URL =>
  new URL(`${/^(.*\/interaction\/[^/]+)/.exec(page.url.pathname)![1]}${suffix}`, page.url);

async function meansPage(sim: TestSimulator, browser: SimulatorBrowser, userId: string): Promise<SimulatorPage> {
  const login = await browser.open((await authorizationRequest(sim.rp)).url);
  const page = await browser.submit(login, 'login-form', { fields: { userId } });
  expectPage(page, 'means');
  return page;
}

describe('form bodies over 16 kB', () => {
  const lines: string[] = [];
  let sim: TestSimulator;
  beforeAll(async () => {
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } });
    sim = await startTestSimulator({ logger });
  });
  afterAll(() => sim.close());

  it('get a 413 page on every simulator form, and no stack trace in the log', async () => {
    const browser = sim.browser();
    const page = await meansPage(sim, browser, 'mette.larsen');
    for (const step of ['/login', '/means', '/app', '/code', '/chip', '/unmet', '/cancel']) {
      const refused = await browser.post(interactionUrl(page, step), { csrf: csrfOf(page), filler: 'x'.repeat(17 * 1024) });
      expect(refused.status, step).toBe(413);
      expect(refused.html).toContain('data-error="form_too_large"');
      expect(refused.html).not.toMatch(/node_modules|\bat .*\.(ts|js):\d+/);
    }
    expect(lines.join('\n')).not.toMatch(/"stack"|node_modules/);
    // The login is still where it was.
    expectPage(await browser.open(interactionUrl(page)), 'means');
  });
});

describe('on Redis', () => {
  let server: RedisServerHandle;
  let client: RedisClient;
  let sim: TestSimulator;
  beforeAll(async () => {
    server = await startRedisServer();
    client = createRedis({ url: server.url, tls: false, keyPrefix: 'sim', commandTimeoutMs: 500, maxReconnectDelayMs: 100 });
    await waitForRedis(client);
    sim = await startTestSimulator({
      store: new RedisKeyValueStore(client, 'sim'),
      adapter: createRedisAdapterFactory(client, 'sim:mitid-sim'),
      limiterBackend: { kind: 'redis', client, keyPrefix: 'sim' },
      codeBlockSeconds: 60,
    });
  });
  afterAll(async () => {
    await sim.close();
    client.disconnect();
    await server.stop();
  });

  it('a burst of wrong PINs locks the app: the right PIN after it does not log in', async () => {
    const browser = sim.browser();
    const means = await meansPage(sim, browser, 'jens.hansen');
    const app = await browser.submit(means, 'means-form', { button: { name: 'means', value: 'app' } });
    expectPage(app, 'app');
    const pinUrl = interactionUrl(app, '/app');
    const burst = await Promise.all(
      Array.from({ length: 8 }, () => browser.post(pinUrl, { csrf: csrfOf(app), method: 'pin', pin: '0000' })),
    );
    expect(burst.every((page) => page.callbackUrl === undefined)).toBe(true);
    // Counted atomically: only the first two wrong PINs are judged "wrong, tries left"; the third locks.
    expect(burst.filter((page) => page.status === 400)).toHaveLength(2);
    // The rest find the means locked (423), or the login already sent back to choose a means (409).
    expect(burst.filter((page) => page.status !== 400).every((page) => page.status === 423 || page.status === 409)).toBe(true);
    const right = await browser.post(pinUrl, { csrf: csrfOf(app), method: 'pin', pin: '1357' });
    expect(right.callbackUrl).toBeUndefined();
    expect([409, 423]).toContain(right.status);
    // A fresh login of the same user finds the app locked.
    const again = await meansPage(sim, sim.browser(), 'jens.hansen');
    expect(again.html).toContain('data-status="locked"');
  });

  it('pages answer 503 while Redis is down, and work again after', async () => {
    const browser = sim.browser();
    const page = await meansPage(sim, browser, 'mette.larsen');
    await server.stop();
    try {
      const shown = await browser.open(interactionUrl(page));
      expect(shown.status).toBe(503);
      expect(shown.html).toContain('data-error="unavailable"');
      expect(shown.headers.get('retry-after')).toBe('5');
      const posted = await browser.submit(page, 'means-form', { button: { name: 'means', value: 'app' } });
      expect(posted.status).toBe(503);
    } finally {
      await server.restart();
    }
  });
});

describe('wrong codes from one source', () => {
  let sim: TestSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator({ wrongCodesPerSource: { points: 2, durationSeconds: 60 } });
  });
  afterAll(() => sim.close());

  it('are refused with 429 and Retry-After once over the limit, across users', async () => {
    const tryWrong = async (userId: string): Promise<SimulatorPage> => {
      const browser = sim.browser();
      const code = await browser.submit(await meansPage(sim, browser, userId), 'means-form', {
        button: { name: 'means', value: 'code_display' },
      });
      expectPage(code, 'code');
      return browser.submit(code, 'code-form', { fields: { code: wrongOf(shownCode(code)) } });
    };
    expect((await tryWrong('jens.hansen')).status).toBe(400);
    expect((await tryWrong('jens.hansen')).status).toBe(400);
    const refused = await tryWrong('jens.hansen');
    expect(refused.status).toBe(429);
    expect(refused.html).toContain('data-error="too_many_attempts"');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
