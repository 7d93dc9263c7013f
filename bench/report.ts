// Prints the benchmark's results as Markdown tables: each Kontekst topology beside the bare baseline, with the targets.
import type { BreakdownRow } from './breakdown.ts';
import { headlineRows } from './headline.ts';
import type { Measurement } from './measure.ts';

export type Topology = 'embedded' | 'separate' | 'bare' | 'library';
export type Memory = { rss: number; heapUsed: number };

export interface ServerReport {
  topology: Topology;
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
  /** One login, request by request (Redis only, on one Kontekst topology). */
  breakdown?: BreakdownRow[];
  memoryBefore: Memory;
  memoryAfter: Memory;
  /** The separate MitID simulator's process. */
  simulatorMemory?: { before: Memory; after: Memory };
  sessions: number;
}

// Targets against the library default are in headline.ts; these are absolute.
const TARGETS = { roundTrips: 12, bytes: 8 * 1024 };

const LABEL: Record<Topology, string> = {
  embedded: 'Kontekst, built-in simulator',
  separate: 'Kontekst, separate simulator',
  bare: 'bare oidc-provider',
  library: 'bare oidc-provider, library defaults',
};

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

/** `3.21× (MISSED)` against a target, or '' where there is nothing to compare (the baseline itself). */
function ratio(value: number, target?: number): string {
  if (!Number.isFinite(value)) return '';
  return target === undefined ? `${value.toFixed(2)}×` : `${value.toFixed(2)}× (${verdict(value <= target)})`;
}

/** Throughput ratio (bare ÷ this) and server CPU ratio (this process ÷ bare) of one measurement. */
function ratios(m: Measurement | undefined, bare: Measurement | undefined, isBare: boolean): [string, string] {
  if (isBare || !m || !bare) return ['', ''];
  const cpu = m.serverCpuMs && bare.serverCpuMs ? m.serverCpuMs / bare.serverCpuMs : Number.NaN;
  return [ratio(bare.perSecond / m.perSecond), ratio(cpu)];
}

export function printReport(
  reports: ServerReport[],
  meta: { machine: string; seconds: number; levels: number[]; tokenConcurrency: number; flowSeconds: number },
): void {
  const out: string[] = [];
  const stores = [...new Set(reports.map((report) => report.store))];
  const bareOf = (store: string) => reports.find((report) => report.topology === 'bare' && report.store === store);
  out.push(`\n## Kontekst benchmark — ${meta.machine}; load generator on the same machine; run took ${meta.seconds.toFixed(0)} s\n`);
  out.push(
    "Throughput ratio = bare ÷ this server's logins/s; CPU ratio = this server process's CPU per operation ÷ bare's (CPU time is the steadier of the two).",
  );
  out.push(
    '"built-in simulator": the MitID simulator runs inside the Kontekst process, so its CPU counts as Kontekst\'s. "separate simulator": it runs as its own',
  );
  out.push(
    "server (production shape), Kontekst's column is the Kontekst process alone and the simulator's CPU is shown beside it — that CPU ratio is Kontekst's own cost.",
  );
  out.push(
    'Two baselines: "bare oidc-provider" runs on Kontekst\'s adapter, keys and Koa host (the ratios against it isolate Kontekst\'s own logic);',
  );
  out.push(
    '"library defaults" is oidc-provider as the library ships it (default configuration, in-memory adapter, memory store only) — issue 15\'s baseline.',
  );

  const headline = headlineRows(reports, meta.levels);
  if (headline.length) {
    out.push('\n### Login cost against the library default (issue 15; server CPU per operation)\n');
    out.push(
      table(
        ['figure', 'target', 'Kontekst', 'library default', 'ratio', "ratio vs bare on Kontekst's adapter"],
        headline.map((row) => [row.figure, row.target, row.kontekst, row.library, row.ratio, row.vsBare]),
      ),
    );
  }

  out.push(
    `\n### Full login flow, ${meta.flowSeconds} s per level (Kontekst: authorize → MitID simulator → chooser → code → token → userinfo; bare: authorize → auto-login → code → token → userinfo)\n`,
  );
  const flowRows: (string | number)[][] = [];
  for (const store of stores) {
    const bare = bareOf(store);
    for (const level of meta.levels) {
      const bf = bare?.flows.find((flow) => flow.concurrency === level);
      for (const report of reports.filter((candidate) => candidate.store === store)) {
        const m = report.flows.find((flow) => flow.concurrency === level);
        const [throughput, cpu] = ratios(m, bf, report.topology === 'bare');
        flowRows.push([
          store,
          level,
          LABEL[report.topology],
          rate(m),
          ms(m?.p50Ms),
          ms(m?.p99Ms),
          ms(m?.serverCpuMs),
          ms(m?.simulatorCpuMs),
          throughput,
          cpu,
        ]);
      }
    }
  }
  out.push(
    table(
      [
        'store',
        'conc.',
        'server',
        'logins/s',
        'p50 ms',
        'p99 ms',
        'server CPU ms/login',
        'simulator CPU ms/login',
        'throughput ratio vs bare',
        'CPU ratio vs bare',
      ],
      flowRows,
    ),
  );

  out.push(
    `\n### Token endpoint (concurrency ${meta.tokenConcurrency}; codes issued on existing sessions, redeemed, then their refresh tokens refreshed once each; servers in interleaved rounds)\n`,
  );
  const tokenRows: (string | number)[][] = [];
  for (const store of stores) {
    const bare = bareOf(store);
    for (const grant of ['redemption', 'refresh'] as const) {
      for (const report of reports.filter((candidate) => candidate.store === store)) {
        const m = report[grant];
        const [throughput, cpu] = ratios(m, bare?.[grant], report.topology === 'bare');
        tokenRows.push([
          store,
          grant === 'redemption' ? 'authorization_code' : 'refresh_token',
          LABEL[report.topology],
          rate(m),
          ms(m.p50Ms),
          ms(m.p99Ms),
          ms(m.serverCpuMs),
          throughput,
          cpu,
        ]);
      }
    }
  }
  out.push(
    table(
      ['store', 'grant', 'server', 'grants/s', 'p50 ms', 'p99 ms', 'CPU ms/grant', 'throughput ratio vs bare', 'CPU ratio vs bare'],
      tokenRows,
    ),
  );

  const withRedis = reports.filter((report) => report.redis);
  if (withRedis.length) {
    out.push('\n### Redis per completed login (logins run one at a time; round trip = one batch of auto-pipelined commands awaited)\n');
    out.push(
      table(
        [
          'server',
          `Kontekst round trips (≤ ${TARGETS.roundTrips})`,
          'commands',
          `bytes stored (≤ ${TARGETS.bytes} B, MEMORY USAGE)`,
          'keys',
          'built-in simulator round trips / bytes (same Redis)',
        ],
        withRedis.map((report) => {
          const redis = report.redis!;
          const isBare = report.topology === 'bare';
          return [
            LABEL[report.topology],
            isBare ? redis.roundTrips.toFixed(1) : `${redis.roundTrips.toFixed(1)} (${verdict(redis.roundTrips <= TARGETS.roundTrips)})`,
            redis.commands.toFixed(1),
            isBare ? redis.bytes.toFixed(0) : `${redis.bytes.toFixed(0)} (${verdict(redis.bytes <= TARGETS.bytes)})`,
            redis.keys.toFixed(1),
            report.topology === 'embedded' ? `${redis.simulatorRoundTrips.toFixed(1)} / ${redis.simulatorBytes.toFixed(0)}` : '',
          ];
        }),
      ),
    );
    for (const report of withRedis) {
      out.push(
        `\n${LABEL[report.topology]}, commands per login: ${Object.entries(report.redis!.byName)
          .map(([name, count]) => `${name} ${count.toFixed(1)}`)
          .join(', ')}`,
      );
    }
  }

  for (const report of reports.filter((candidate) => candidate.breakdown)) {
    const rows = report.breakdown!;
    out.push(
      `\n### One login on ${report.store}, request by request — ${LABEL[report.topology]} (CPU: mean of logins run alone; Redis: the server's own commands)\n`,
    );
    const names = (batches: string[][]) => batches.map((batch) => `[${batch.join(', ')}]`).join(' ');
    const hasSimulator = rows.some((row) => row.simulatorCpuMs !== undefined);
    const showSimulatorRedis = rows.some((row) => row.simulatorRoundTrips > 0);
    const total = (pick: (row: BreakdownRow) => number) => rows.reduce((sum, row) => sum + pick(row), 0);
    out.push(
      table(
        [
          'step',
          'requests',
          'server CPU ms',
          ...(hasSimulator ? ['simulator CPU ms'] : []),
          'round trips',
          'commands',
          ...(showSimulatorRedis ? ['built-in simulator round trips'] : []),
          'commands in order, [one round trip] (command key-family; +N = more keys; evalsha = a Lua script)',
        ],
        [
          ...rows.map((row) => [
            row.step,
            row.requests,
            ms(row.cpuMs),
            ...(hasSimulator ? [ms(row.simulatorCpuMs)] : []),
            row.roundTrips,
            row.commands,
            ...(showSimulatorRedis ? [row.simulatorRoundTrips] : []),
            names(row.batches),
          ]),
          [
            'total',
            total((row) => row.requests),
            ms(total((row) => row.cpuMs)),
            ...(hasSimulator ? [ms(total((row) => row.simulatorCpuMs ?? 0))] : []),
            total((row) => row.roundTrips),
            total((row) => row.commands),
            ...(showSimulatorRedis ? [total((row) => row.simulatorRoundTrips)] : []),
            '',
          ],
        ],
      ),
    );
  }

  out.push('\n### Server process memory (after a forced GC) before the run and after N completed logins\n');
  const memoryRow = (server: string, store: string, sessions: number, before: Memory, after: Memory) => [
    server,
    store,
    sessions,
    `${mib(before.rss)} → ${mib(after.rss)}`,
    `${mib(before.heapUsed)} → ${mib(after.heapUsed)}`,
  ];
  out.push(
    table(
      ['server', 'store', 'N logins', 'RSS MiB before → after', 'heap MiB before → after'],
      reports.flatMap((report) => [
        memoryRow(LABEL[report.topology], report.store, report.sessions, report.memoryBefore, report.memoryAfter),
        ...(report.simulatorMemory
          ? [
              memoryRow(
                '  its separate MitID simulator (in-memory)',
                report.store,
                report.sessions,
                report.simulatorMemory.before,
                report.simulatorMemory.after,
              ),
            ]
          : []),
      ]),
    ),
  );

  const failures = reports.flatMap((report) =>
    [...report.flows, report.redemption, report.refresh]
      .filter((m) => m.failed > 0)
      .map((m) => `${report.topology}/${report.store}: ${m.failed} failed — ${m.firstError}`),
  );
  if (failures.length) out.push(`\nFailures:\n${failures.map((line) => `- ${line}`).join('\n')}`);
  process.stdout.write(`${out.join('\n')}\n`);
}
