// Reports every Redis command's latency and failure to the metrics: one wrap of the client's sendCommand.
import type { Metrics } from '../observability/metrics.ts';
import type { RedisClient } from './redis.ts';

interface ObservableCommand {
  name: string;
  promise?: Promise<unknown>;
}

interface SendsCommands {
  sendCommand: (command: ObservableCommand, ...rest: unknown[]) => unknown;
}

/**
 * Wraps sendCommand (the path every ioredis command, pipelined or not, goes through) without changing what
 * it does: the command's own promise tells when its answer came and whether it failed. Only the command
 * name is reported, never a key or an argument.
 */
export function observeRedisCommands(redis: RedisClient, metrics: Pick<Metrics, 'redisCommand'>): void {
  const target = redis as unknown as SendsCommands;
  const original = target.sendCommand;
  target.sendCommand = function observedSendCommand(this: unknown, command, ...rest) {
    const started = performance.now();
    const result = original.call(this, command, ...rest);
    const settle = (failed: boolean) => metrics.redisCommand(command.name, (performance.now() - started) / 1000, failed);
    // The caller handles the rejection; this branch only observes it.
    command.promise?.then(
      () => settle(false),
      () => settle(true),
    );
    return result;
  };
}
