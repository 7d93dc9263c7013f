// A worker process that claims outbox messages from Redis and then hangs in the send, to be killed by the test.
import { DeliveryWorker } from '../../../src/outbox/worker.ts';
import { RedisOutboxQueue } from '../../../src/outbox/redis-source.ts';
import { createRedis, waitForRedis } from '../../../src/store/redis.ts';
import { silentLogger } from '../../../src/observability/logger.ts';

const [url, keyPrefix, leaseMs] = process.argv.slice(2);
const redis = createRedis({ url: url!, tls: false, keyPrefix: keyPrefix! });
const hang = (): Promise<void> => {
  // Tells the parent the claim is taken and the send has begun; then never finishes.
  process.stdout.write('sending\n');
  return new Promise(() => {});
};
const worker = new DeliveryWorker({
  source: new RedisOutboxQueue({ redis, keyPrefix: keyPrefix! }),
  transports: { email: { sendEmail: hang }, sms: { sendSms: hang } },
  logger: silentLogger(),
  leaseMs: Number(leaseMs),
});
await waitForRedis(redis);
void worker.runOnce();
