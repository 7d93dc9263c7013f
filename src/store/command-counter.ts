// Counts the Redis commands (and network round trips) a client sends, for benchmarks and round-trip tests.
import type { RedisClient } from './redis.ts';

export interface CommandCounts {
  /** Every command sent, including each command inside a pipeline or MULTI. */
  commands: number;
  /**
   * Batches of commands sent in the same event-loop turn. With auto-pipelining these leave in one
   * network write, so for one flow run alone this is the number of round trips it waited for.
   */
  roundTrips: number;
  /** Commands by name (lower case), e.g. { evalsha: 3, get: 1 }. */
  byName: Record<string, number>;
}

export interface CommandCounter {
  snapshot(): CommandCounts;
  reset(): void;
  /** Stops counting and restores the client's own sendCommand. */
  detach(): void;
}

interface SendsCommands {
  sendCommand: (command: { name: string }, ...rest: unknown[]) => unknown;
}

/**
 * Wraps the client's sendCommand (the one path every ioredis command, pipelined or not, goes through)
 * without changing what it does. Cluster topology refreshes use their own connections and are not counted.
 */
export function countCommands(redis: RedisClient): CommandCounter {
  const target = redis as unknown as SendsCommands;
  const original = target.sendCommand;
  let counts: CommandCounts = { commands: 0, roundTrips: 0, byName: {} };
  let batchOpen = false;

  target.sendCommand = function countedSendCommand(this: unknown, command, ...rest) {
    counts.commands += 1;
    const name = command.name.toLowerCase();
    counts.byName[name] = (counts.byName[name] ?? 0) + 1;
    if (!batchOpen) {
      batchOpen = true;
      counts.roundTrips += 1;
      // The batch closes once this turn's microtasks ran and auto-pipelining flushed them together.
      setImmediate(() => {
        batchOpen = false;
      });
    }
    return original.call(this, command, ...rest);
  };

  return {
    snapshot: () => ({ ...counts, byName: { ...counts.byName } }),
    reset: () => {
      counts = { commands: 0, roundTrips: 0, byName: {} };
    },
    detach: () => {
      target.sendCommand = original;
    },
  };
}
