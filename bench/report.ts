// Prints the benchmark's results as Markdown tables, Kontekst and the bare baseline side by side, with the targets.
import type { Measurement } from './measure.ts';
import type { Target } from './flows.ts';

export interface ServerReport {
  target: Target;
  store: 'memory' | 'redis';
  flows: Measurement[];
  redemption: Measurement;
  refresh: Measurement;
  redis?: {
    /** Kontekst's own round trips per login (its oidc records, key-value store and directory), simulator excluded. */
    roundTrips: number;
    commands: number;
    /** The built-in MitID simulator's round trips (an upstream stand-in; production talks to a broker over HTTP). */
    simulatorRoundTrips: number;
    /** Both together, as one Redis client sees them. */
    allRoundTrips: number;
    bytes: number;
    keys: number;
    simulatorBytes: number;
    byName: Record<string, number>;
  };
  memoryBefore: { rss: number; heapUsed: number };
  memoryAfter: { rss: number; heapUsed: number };
  sessions: number;
}

const TARGETS = { flow: 2.2, token: 1.15, roundTrips: 12, bytes: 8 * 1024 };

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(cells[0]!), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

const rate = (m: Measurement | undefined) => (m ? m.perSecond.toFixed(1) : '–');
const ms = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(value < 10 ? 2 : 1));
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

function pair(reports: ServerReport[], store: string): { k?: ServerReport; b?: ServerReport } {
  return {
    k: reports.find((report) => report.target === 'kontekst' && report.store === store),
    b: reports.find((report) => report.target === 'bare' && report.store === store),
  };
}

export function printReport(reports: ServerReport[], meta: { machine: string; seconds: number; levels: number[]; tokenConcurrency: number }): void {
  const out: string[] = [];
  const stores = [...new Set(reports.map((report) => report.store))];
  out.push(`\n## Kontekst benchmark — ${meta.machine}; load generator on the same machine; run took ${meta.seconds.toFixed(0)} s\n`);

  out.push('Ratios are bare ÷ Kontekst throughput and Kontekst ÷ bare server CPU per operation (CPU time is the steadier of the two on a busy machine).');
  out.push('\n### Full login flow (authorize → MitID simulator → chooser → code → token → userinfo; bare: authorize → auto-login → code → token → userinfo)\n');
  const flowRows: (string | number)[][] = [];
  for (const store of stores) {
    const { k, b } = pair(reports, store);
    for (const level of meta.levels) {
      const kf = k?.flows.find((flow) => flow.concurrency === level);
      const bf = b?.flows.find((flow) => flow.concurrency === level);
      const ratio = kf && bf ? bf.perSecond / kf.perSecond : Number.NaN;
      const cpuRatio = kf?.serverCpuMs && bf?.serverCpuMs ? kf.serverCpuMs / bf.serverCpuMs : Number.NaN;
      flowRows.push([store, level, rate(kf), ms(kf?.p50Ms), ms(kf?.p99Ms), ms(kf?.serverCpuMs), rate(bf), ms(bf?.p50Ms), ms(bf?.p99Ms), ms(bf?.serverCpuMs),
        `${ratio.toFixed(2)}× (${verdict(ratio <= TARGETS.flow)})`, `${cpuRatio.toFixed(2)}×`]);
    }
  }
  out.push(table(['store', 'conc.', 'Kontekst logins/s', 'p50 ms', 'p99 ms', 'CPU ms/login', 'bare logins/s', 'p50 ms', 'p99 ms', 'CPU ms/login',
    `throughput ratio (target ≤ ${TARGETS.flow}×)`, 'server CPU ratio'], flowRows));

  out.push(`\n### Token endpoint (concurrency ${meta.tokenConcurrency}; codes issued on an existing session, then redeemed; their refresh tokens then refreshed once each)\n`);
  const tokenRows: (string | number)[][] = [];
  for (const store of stores) {
    const { k, b } = pair(reports, store);
    for (const grant of ['redemption', 'refresh'] as const) {
      const km = k?.[grant];
      const bm = b?.[grant];
      const ratio = km && bm ? bm.perSecond / km.perSecond : Number.NaN;
      const cpuRatio = km?.serverCpuMs && bm?.serverCpuMs ? km.serverCpuMs / bm.serverCpuMs : Number.NaN;
      tokenRows.push([store, grant === 'redemption' ? 'authorization_code' : 'refresh_token', rate(km), ms(km?.p50Ms), ms(km?.p99Ms), ms(km?.serverCpuMs),
        rate(bm), ms(bm?.p50Ms), ms(bm?.p99Ms), ms(bm?.serverCpuMs), `${ratio.toFixed(2)}× (${verdict(ratio <= TARGETS.token)})`, `${cpuRatio.toFixed(2)}×`]);
    }
  }
  out.push(table(['store', 'grant', 'Kontekst /s', 'p50 ms', 'p99 ms', 'CPU ms/grant', 'bare /s', 'p50 ms', 'p99 ms', 'CPU ms/grant',
    `throughput ratio (target ≤ ${TARGETS.token}×)`, 'server CPU ratio'], tokenRows));

  const { k: kr, b: br } = pair(reports, 'redis');
  if (kr?.redis) {
    out.push('\n### Redis per completed login (logins run one at a time; round trip = one batch of auto-pipelined commands awaited)\n');
    const redis = kr.redis;
    out.push(table(['', 'round trips', 'commands', 'bytes stored (MEMORY USAGE)', 'keys'], [
      [`Kontekst (target ≤ ${TARGETS.roundTrips} round trips, ≤ ${TARGETS.bytes} B)`, `${redis.roundTrips.toFixed(1)} (${verdict(redis.roundTrips <= TARGETS.roundTrips)})`, redis.commands.toFixed(1),
        `${redis.bytes.toFixed(0)} (${verdict(redis.bytes <= TARGETS.bytes)})`, redis.keys.toFixed(1)],
      ['built-in MitID simulator (same Redis, dev only)', redis.simulatorRoundTrips.toFixed(1), '', redis.simulatorBytes.toFixed(0), ''],
      ['both, as the one Redis client sees them', redis.allRoundTrips.toFixed(1), '', (redis.bytes + redis.simulatorBytes).toFixed(0), ''],
      ...(br?.redis ? [['bare oidc-provider, same adapter', br.redis.roundTrips.toFixed(1), br.redis.commands.toFixed(1), br.redis.bytes.toFixed(0), br.redis.keys.toFixed(1)]] : []),
    ]));
    out.push(`\nKontekst commands per login: ${Object.entries(redis.byName).map(([name, count]) => `${name} ${count.toFixed(1)}`).join(', ')}`);
  }

  out.push('\n### Server process memory (after a forced GC) before the run and after N completed logins\n');
  out.push(table(['server', 'store', 'N logins', 'RSS MiB before → after', 'heap MiB before → after'], reports.map((report) => [
    report.target, report.store, report.sessions,
    `${mib(report.memoryBefore.rss)} → ${mib(report.memoryAfter.rss)}`, `${mib(report.memoryBefore.heapUsed)} → ${mib(report.memoryAfter.heapUsed)}`,
  ])));

  const failures = reports.flatMap((report) => [...report.flows, report.redemption, report.refresh]
    .filter((m) => m.failed > 0).map((m) => `${report.target}/${report.store}: ${m.failed} failed — ${m.firstError}`));
  if (failures.length) out.push(`\nFailures:\n${failures.map((line) => `- ${line}`).join('\n')}`);
  process.stdout.write(`${out.join('\n')}\n`);
}
