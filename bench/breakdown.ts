// One login, request by request: the server CPU, Redis round trips and commands each HTTP request of the flow costs.
import { browserFor, fullFlow, type Endpoint } from './flows.ts';
import type { Hop } from './http.ts';
import type { Counts, Owner, TraceEntry } from './probe.ts';

type Snapshot = (Record<Owner, Counts> & { ownRoundTrips: number }) | null;

export interface BreakdownRow {
  /** The request (method and path, ids replaced), or several requests at the upstream MitID simulator. */
  step: string;
  requests: number;
  /** The server process's CPU for this step, milliseconds, averaged over the logins. */
  cpuMs: number;
  /** A separate MitID simulator's CPU during this step. */
  simulatorCpuMs?: number;
  /** The server's own Redis round trips and commands (its records, key-value store and directory). */
  roundTrips: number;
  commands: number;
  /** The commands in the order sent, one inner list per round trip, e.g. [['hmget oidc:Session'], ['evalsha oidc:Grant', …]]. */
  batches: string[][];
  /** The built-in simulator's round trips on the same Redis (0 when it runs as its own server). */
  simulatorRoundTrips: number;
}

/** `/interaction/Xy3…/context` → `/interaction/:id/context`: ids are long random path segments. */
function pathOf(url: URL): string {
  return url.pathname.replace(/\/[\w-]{16,}(?=\/|$)/g, '/:id');
}

function batchesOf(trace: TraceEntry[]): string[][] {
  const batches = new Map<number, string[]>();
  for (const entry of trace) batches.set(entry.roundTrip, [...(batches.get(entry.roundTrip) ?? []), entry.call]);
  return [...batches.values()];
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  return (response.status === 204 ? null : await response.json()) as T;
}

interface Reading {
  cpu: number;
  simulatorCpu: number;
  counts: Snapshot;
  trace: TraceEntry[];
}

/**
 * Reads the server's Redis counters and trace since `seq`, then both processes' CPU (last, so a reading's
 * own cost lands in the next step's delta and `overhead` takes it off again).
 */
function reader(endpoint: Endpoint, simulatorUrl: string | undefined) {
  const cpuOf = async (base: string) => (await getJson<{ micros: number }>(`${base}/__bench/cpu`)).micros;
  const read = async (seq: number): Promise<Reading> => {
    const [counts, trace] = await Promise.all([
      getJson<Snapshot>(`${endpoint.issuer}/__bench/redis/counts`),
      getJson<TraceEntry[]>(`${endpoint.issuer}/__bench/redis/trace?since=${seq}`),
    ]);
    const [cpu, simulatorCpu] = await Promise.all([cpuOf(endpoint.issuer), simulatorUrl ? cpuOf(simulatorUrl) : 0]);
    return { cpu, simulatorCpu, counts, trace };
  };
  return read;
}

/** What one reading itself costs each process (µs): the median delta of back-to-back readings. */
async function readingOverhead(read: ReturnType<typeof reader>): Promise<{ cpu: number; simulatorCpu: number }> {
  const cpu: number[] = [];
  const simulatorCpu: number[] = [];
  let previous = await read(Number.MAX_SAFE_INTEGER);
  for (let i = 0; i < 21; i += 1) {
    const now = await read(Number.MAX_SAFE_INTEGER);
    cpu.push(now.cpu - previous.cpu);
    simulatorCpu.push(now.simulatorCpu - previous.simulatorCpu);
    previous = now;
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return { cpu: median(cpu), simulatorCpu: median(simulatorCpu) };
}

/** One login's rows, reading the counters after every request. */
async function oneLogin(
  endpoint: Endpoint,
  simulatorUrl: string | undefined,
  read: ReturnType<typeof reader>,
  overhead: { cpu: number; simulatorCpu: number },
): Promise<BreakdownRow[]> {
  const issuerOrigin = new URL(endpoint.issuer).origin;
  const simulatorOrigin = simulatorUrl ? new URL(simulatorUrl).origin : undefined;
  const rows: BreakdownRow[] = [];
  const first = await read(0);
  let last = first;
  let seq = first.trace.at(-1)?.seq ?? 0;
  const record = async (step: string, atSimulator: boolean) => {
    const now = await read(seq);
    seq = now.trace.at(-1)?.seq ?? seq;
    const own = (snapshot: Snapshot) => (snapshot ? snapshot.kontekst.commands + snapshot.directory.commands : 0);
    const row: BreakdownRow = {
      step,
      requests: 1,
      cpuMs: Math.max(0, now.cpu - last.cpu - overhead.cpu) / 1000,
      // The simulator also works during Kontekst's callback (token, userinfo and JWKS requests from Kontekst).
      ...(simulatorUrl ? { simulatorCpuMs: Math.max(0, now.simulatorCpu - last.simulatorCpu - overhead.simulatorCpu) / 1000 } : {}),
      roundTrips: now.counts && last.counts ? now.counts.ownRoundTrips - last.counts.ownRoundTrips : 0,
      commands: own(now.counts) - own(last.counts),
      batches: batchesOf(now.trace),
      simulatorRoundTrips: now.counts && last.counts ? now.counts.simulator.roundTrips - last.counts.simulator.roundTrips : 0,
    };
    last = now;
    const previous = rows.at(-1);
    if (atSimulator && previous?.step === step) {
      previous.requests += 1;
      previous.cpuMs += row.cpuMs;
      previous.simulatorCpuMs = (previous.simulatorCpuMs ?? 0) + (row.simulatorCpuMs ?? 0);
      previous.roundTrips += row.roundTrips;
      previous.commands += row.commands;
      previous.batches.push(...row.batches);
      previous.simulatorRoundTrips += row.simulatorRoundTrips;
    } else {
      rows.push(row);
    }
  };
  const onHop = (hop: Hop) => {
    const atSimulator = hop.url.origin !== issuerOrigin && hop.url.origin === simulatorOrigin;
    return record(atSimulator ? 'MitID simulator (its own server)' : `${hop.method} ${pathOf(hop.url)} → ${hop.status}`, atSimulator);
  };
  await fullFlow(endpoint, browserFor(endpoint, onHop), (step) => record(step, false));
  return rows;
}

/**
 * Runs `logins` full logins one at a time against a warm server and reads, after every request, the
 * server's CPU, its Redis counters and command trace (the probe's own requests send no Redis commands;
 * their CPU is measured and taken off). CPU is averaged over the logins; the Redis columns are the last
 * login's (they are the same every time). Consecutive requests at a separate simulator fold into one row.
 */
export async function requestBreakdown(endpoint: Endpoint, options: { logins: number; simulatorUrl?: string }): Promise<BreakdownRow[]> {
  const read = reader(endpoint, options.simulatorUrl);
  const overhead = await readingOverhead(read);
  const runs: BreakdownRow[][] = [];
  for (let i = 0; i < options.logins; i += 1) runs.push(await oneLogin(endpoint, options.simulatorUrl, read, overhead));
  const last = runs.at(-1)!;
  if (runs.some((rows) => rows.length !== last.length)) throw new Error('the logins of the breakdown took different paths');
  const mean = (pick: (rows: BreakdownRow[]) => number) => runs.reduce((sum, rows) => sum + pick(rows), 0) / runs.length;
  return last.map((row, index) => ({
    ...row,
    cpuMs: mean((rows) => rows[index]!.cpuMs),
    ...(row.simulatorCpuMs !== undefined ? { simulatorCpuMs: mean((rows) => rows[index]!.simulatorCpuMs ?? 0) } : {}),
  }));
}
