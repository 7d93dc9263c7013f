// One login, step by step: how many Redis round trips and which commands each HTTP request of the flow costs Kontekst.
import { browserFor, fullFlow, type Endpoint } from './flows.ts';
import type { Hop } from './http.ts';
import type { Counts, Owner, TraceEntry } from './probe.ts';

type Snapshot = Record<Owner, Counts> & { ownRoundTrips: number };

export interface BreakdownRow {
  /** The request (method and path, ids replaced), or several requests at the upstream MitID simulator. */
  step: string;
  requests: number;
  /** Kontekst's own round trips and commands (its records, key-value store and directory). */
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

/**
 * Runs one full login alone against a warm server and reads Kontekst's Redis counters and command trace
 * after every request (the probe's own requests send no Redis commands). Consecutive requests at a
 * separate simulator, where Kontekst does nothing, fold into one row.
 */
export async function redisBreakdown(endpoint: Endpoint): Promise<BreakdownRow[]> {
  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${endpoint.issuer}/__bench/redis/${path}`)).json()) as T;
  const issuerOrigin = new URL(endpoint.issuer).origin;
  const rows: BreakdownRow[] = [];
  let last = await get<Snapshot>('counts');
  let seq = (await get<TraceEntry[]>('trace?since=0')).at(-1)?.seq ?? 0;
  const record = async (step: string, foreign: boolean) => {
    const [now, trace] = await Promise.all([get<Snapshot>('counts'), get<TraceEntry[]>(`trace?since=${seq}`)]);
    seq = trace.at(-1)?.seq ?? seq;
    const own = (snapshot: Snapshot) => snapshot.kontekst.commands + snapshot.directory.commands;
    const row: BreakdownRow = {
      step,
      requests: 1,
      roundTrips: now.ownRoundTrips - last.ownRoundTrips,
      commands: own(now) - own(last),
      batches: batchesOf(trace),
      simulatorRoundTrips: now.simulator.roundTrips - last.simulator.roundTrips,
    };
    last = now;
    const previous = rows.at(-1);
    if (foreign && previous?.step === step) {
      previous.requests += 1;
      previous.roundTrips += row.roundTrips;
      previous.commands += row.commands;
      previous.batches.push(...row.batches);
      previous.simulatorRoundTrips += row.simulatorRoundTrips;
    } else {
      rows.push(row);
    }
  };
  const onHop = (hop: Hop) => {
    const foreign = hop.url.origin !== issuerOrigin;
    return record(foreign ? 'MitID simulator (its own server)' : `${hop.method} ${pathOf(hop.url)} → ${hop.status}`, foreign);
  };
  await fullFlow(endpoint, browserFor(endpoint, onHop), (step) => record(step, false));
  return rows;
}
