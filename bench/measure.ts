// Runs an async operation at a fixed concurrency and reports throughput and latency percentiles.

export interface Measurement {
  concurrency: number;
  completed: number;
  failed: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Server CPU milliseconds per completed operation (filled in by the caller from the server's /__bench/cpu). */
  serverCpuMs?: number;
  /** A separate MitID simulator's CPU milliseconds per completed operation (topology `separate`). */
  simulatorCpuMs?: number;
  /** The first failure's message, so a broken run says why instead of reporting nonsense numbers. */
  firstError?: string;
  /** Every completed operation's latency, sorted (for combining rounds). */
  latencies: number[];
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/**
 * `concurrency` workers each run `operation` back to back, until `durationMs` has passed (time mode) or
 * the `items` are used up (each item is handed to exactly one call).
 */
export async function measure<T>(
  concurrency: number,
  operation: (item: T | undefined) => Promise<unknown>,
  until: { durationMs: number } | { items: T[] },
): Promise<Measurement> {
  const latencies: number[] = [];
  let failed = 0;
  let firstError: string | undefined;
  const queue = 'items' in until ? [...until.items] : undefined;
  const started = performance.now();
  const deadline = 'durationMs' in until ? started + until.durationMs : Number.POSITIVE_INFINITY;

  async function worker(): Promise<void> {
    while (performance.now() < deadline) {
      let item: T | undefined;
      if (queue) {
        if (queue.length === 0) return;
        item = queue.shift();
      }
      const begin = performance.now();
      try {
        await operation(item);
        latencies.push(performance.now() - begin);
      } catch (error) {
        failed += 1;
        firstError ??= (error as Error).message;
      }
    }
  }

  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    concurrency,
    completed: latencies.length,
    failed,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    firstError,
    latencies,
  };
}

/** Several rounds of one measurement as one: throughput over their summed time, percentiles and CPU over all operations. */
export function combine(rounds: Measurement[]): Measurement {
  const latencies = rounds.flatMap((round) => round.latencies).sort((a, b) => a - b);
  const completed = latencies.length;
  const seconds = rounds.reduce((sum, round) => sum + round.seconds, 0);
  const cpu = (pick: (round: Measurement) => number | undefined) =>
    rounds.every((round) => pick(round) !== undefined)
      ? rounds.reduce((sum, round) => sum + pick(round)! * round.completed, 0) / Math.max(1, completed)
      : undefined;
  return {
    concurrency: rounds[0]?.concurrency ?? 0,
    completed,
    failed: rounds.reduce((sum, round) => sum + round.failed, 0),
    seconds,
    perSecond: completed / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    serverCpuMs: cpu((round) => round.serverCpuMs),
    simulatorCpuMs: cpu((round) => round.simulatorCpuMs),
    firstError: rounds.find((round) => round.firstError)?.firstError,
    latencies,
  };
}
