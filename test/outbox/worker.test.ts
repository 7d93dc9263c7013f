// The delivery worker: sends and marks, retries with backoff, gives up into the dead set, and takes over abandoned claims.
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../../src/observability/logger.ts';
import { OUTBOX_MESSAGE_KINDS } from '../../src/outbox/message.ts';
import { MemoryOutboxQueue } from '../../src/outbox/memory-source.ts';
import { MemoryOutboxTransport } from '../../src/outbox/memory-transport.ts';
import { RedisOutboxQueue } from '../../src/outbox/redis-source.ts';
import type { RenderedMessage } from '../../src/outbox/render.ts';
import { noEmailTransport, noSmsTransport, type OutboxTransports } from '../../src/outbox/transport.ts';
import { DeliveryWorker } from '../../src/outbox/worker.ts';
import { createRedis, waitForRedis, type RedisClient } from '../../src/store/redis.ts';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.ts';
import { uniquePrefix } from '../store/redis-backends.ts';
import { messageOf } from './fixtures.ts';
import { ManualClock } from './outbox-queue-contract.ts';

function both(transport: MemoryOutboxTransport): OutboxTransports {
  return { email: transport, sms: transport };
}

/** A transport that fails the first `failures` sends, then keeps what it sends. */
function flaky(failures: number): OutboxTransports & { sent: RenderedMessage[] } {
  const sent: RenderedMessage[] = [];
  let left = failures;
  const send = async (message: RenderedMessage) => {
    if (left > 0) {
      left -= 1;
      throw Object.assign(new Error('451 try again later'), { code: 'EENVELOPE' });
    }
    sent.push(message);
  };
  return { email: { sendEmail: send }, sms: { sendSms: send }, sent };
}

const retry = { baseDelayMs: 1000, maxDelayMs: 10_000, maxAttempts: 4 };

describe('DeliveryWorker on the memory queue', () => {
  it('sends every kind through the right channel and leaves nothing pending', async () => {
    const queue = new MemoryOutboxQueue();
    const transport = new MemoryOutboxTransport();
    for (const kind of OUTBOX_MESSAGE_KINDS) await queue.enqueue(messageOf(kind));
    const worker = new DeliveryWorker({ source: queue, transports: both(transport), logger: silentLogger() });
    expect(await worker.runOnce()).toEqual({ delivered: OUTBOX_MESSAGE_KINDS.length, retried: 0, gaveUp: 0, lostLeases: 0 });
    expect(transport.sent.map((sent) => sent.channel).sort()).toEqual([...Array(6).fill('email'), 'sms']);
    expect(await worker.runOnce()).toEqual({ delivered: 0, retried: 0, gaveUp: 0, lostLeases: 0 });
  });

  it('retries a failed send after the backoff and delivers it then', async () => {
    const clock = new ManualClock();
    const queue = new MemoryOutboxQueue(clock.now);
    const transport = flaky(2);
    await queue.enqueue(messageOf('activation_link'));
    const worker = new DeliveryWorker({ source: queue, transports: transport, logger: silentLogger(), retry });
    expect((await worker.runOnce()).retried).toBe(1);
    expect((await worker.runOnce()).delivered).toBe(0); // not due yet
    clock.advance(1000);
    expect((await worker.runOnce()).retried).toBe(1);
    clock.advance(2000);
    expect((await worker.runOnce()).delivered).toBe(1);
    expect(transport.sent).toHaveLength(1);
  });

  it('gives up after the last attempt and keeps the message in the dead set', async () => {
    const clock = new ManualClock();
    const queue = new MemoryOutboxQueue(clock.now);
    const message = messageOf('means_blocked');
    await queue.enqueue(message);
    const worker = new DeliveryWorker({ source: queue, transports: flaky(100), logger: silentLogger(), retry });
    let gaveUp = 0;
    for (let round = 0; round < 6; round += 1) {
      gaveUp += (await worker.runOnce()).gaveUp;
      clock.advance(retry.maxDelayMs);
    }
    expect(gaveUp).toBe(1);
    expect(await queue.dead()).toEqual([message]);
  });

  it('keeps messages of a channel without a transport queued, never parking them as dead', async () => {
    const clock = new ManualClock();
    const queue = new MemoryOutboxQueue(clock.now);
    await queue.enqueue(messageOf('activation_link'));
    const worker = new DeliveryWorker({ source: queue, transports: { email: noEmailTransport, sms: noSmsTransport }, logger: silentLogger(), retry });
    for (let round = 0; round < retry.maxAttempts * 3; round += 1) {
      expect(await worker.runOnce()).toMatchObject({ delivered: 0, gaveUp: 0 });
      clock.advance(retry.maxDelayMs);
    }
    expect(await queue.dead()).toEqual([]);
    expect(await queue.claim({ limit: 10, leaseMs: 1000 })).toHaveLength(1);
  });

  it('lets another worker deliver what a stuck worker claimed, once its lease ran out', async () => {
    const clock = new ManualClock();
    const queue = new MemoryOutboxQueue(clock.now);
    await queue.enqueue(messageOf('setup_link'));
    const never = () => new Promise<void>(() => {});
    const stuck = new DeliveryWorker({ source: queue, transports: { email: { sendEmail: never }, sms: { sendSms: never } }, logger: silentLogger(), leaseMs: 5000 });
    void stuck.runOnce();
    await new Promise((resolve) => setImmediate(resolve));
    const transport = new MemoryOutboxTransport();
    const rescuer = new DeliveryWorker({ source: queue, transports: both(transport), logger: silentLogger(), leaseMs: 5000 });
    expect((await rescuer.runOnce()).delivered).toBe(0);
    clock.advance(5001);
    expect((await rescuer.runOnce()).delivered).toBe(1);
    expect(transport.sent).toHaveLength(1);
  });

  it('logs ids and kinds, never recipients, links or codes', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', destination: new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }) });
    const queue = new MemoryOutboxQueue();
    await queue.enqueue(messageOf('sms_verification_code'));
    await queue.enqueue(messageOf('activation_link'));
    await new DeliveryWorker({ source: queue, transports: flaky(1), logger, retry }).runOnce();
    const log = lines.join('');
    expect(log).toContain('outbox: send failed');
    expect(log).toContain('outbox: delivered');
    for (const secret of ['482913', '+4520304050', 'birgitte.lund@example.dk', 'activate/def456']) expect(log).not.toContain(secret);
  });

  it('polls in the background until stopped', async () => {
    const queue = new MemoryOutboxQueue();
    const transport = new MemoryOutboxTransport();
    const worker = new DeliveryWorker({ source: queue, transports: both(transport), logger: silentLogger(), pollIntervalMs: 10 });
    worker.start();
    await queue.enqueue(messageOf('role_removed'));
    await expect.poll(() => transport.sent.length, { timeout: 2000 }).toBe(1);
    await worker.stop();
  });
});

describe('DeliveryWorker on Redis when the worker process dies mid-send', () => {
  let server: RedisServerHandle;
  let redis: RedisClient;
  beforeAll(async () => {
    server = await startRedisServer();
    redis = createRedis({ url: server.url, tls: false, keyPrefix: 'test' });
    await waitForRedis(redis);
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  it('delivers the message the killed process had claimed, after its lease', async () => {
    const keyPrefix = uniquePrefix();
    const queue = new RedisOutboxQueue({ redis, keyPrefix });
    const message = messageOf('activation_link');
    await queue.enqueue(message);

    const leaseMs = 1500;
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/outbox/support/claim-and-hang.ts', server.url, keyPrefix, String(leaseMs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('sending') && resolve());
      child.on('exit', (code) => reject(new Error(`worker process exited early (${code})`)));
    });
    const claimedAt = Date.now();
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const transport = new MemoryOutboxTransport();
    const survivor = new DeliveryWorker({ source: queue, transports: both(transport), logger: silentLogger(), leaseMs });
    // While the dead process's lease lasts, nobody may take the message.
    expect((await survivor.runOnce()).delivered).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, claimedAt + leaseMs + 50 - Date.now())));
    expect((await survivor.runOnce()).delivered).toBe(1);
    expect(transport.sent).toHaveLength(1);
    expect(transport.sent[0]!.messageId).toBe(message.id);
    expect(await queue.claim({ limit: 10, leaseMs })).toEqual([]);
  }, 20_000);
});
