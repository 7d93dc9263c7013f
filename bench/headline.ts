// Issue 15's figures: Kontekst's CPU against both baselines (library defaults; the same library on Kontekst's adapter), with targets.
import type { Measurement } from './measure.ts';
import type { ServerReport } from './report.ts';

/** The targets against oidc-provider with the library's defaults (and, for Redis, the bare provider on the same adapter). */
export const LOGIN_COST_TARGETS = { ownLogin: 2.2, token: 1.15, embeddedLogin: 4, extraRoundTrips: 3 };

export interface HeadlineRow {
  figure: string;
  target: string;
  kontekst: string;
  library: string;
  /** Kontekst ÷ library default, with the verdict. */
  ratio: string;
  /** Kontekst ÷ the bare provider on Kontekst's adapter, keys and Koa host (Kontekst's own logic alone). */
  vsBare: string;
}

const cpu = (m: Measurement | undefined) => m?.serverCpuMs;
const fmt = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(2));

function cpuRow(
  figure: string,
  target: number,
  kontekst: number | undefined,
  library: number | undefined,
  bare: number | undefined,
): HeadlineRow {
  const ratio = kontekst !== undefined && library ? kontekst / library : undefined;
  return {
    figure,
    target: `≤ ${target}×`,
    kontekst: `${fmt(kontekst)} ms`,
    library: `${fmt(library)} ms`,
    ratio:
      ratio === undefined
        ? '–'
        : `${ratio.toFixed(2)}× (${ratio <= target ? 'met' : `MISSED by ${((ratio / target - 1) * 100).toFixed(0)}%`})`,
    vsBare: kontekst !== undefined && bare ? `${(kontekst / bare).toFixed(2)}×` : '–',
  };
}

/** The rows of issue 15's table from one run's reports (the memory store for CPU, Redis for round trips). */
export function headlineRows(reports: ServerReport[], levels: number[]): HeadlineRow[] {
  const find = (topology: ServerReport['topology'], store: ServerReport['store']) =>
    reports.find((report) => report.topology === topology && report.store === store);
  const library = find('library', 'memory');
  const bare = find('bare', 'memory');
  const own = find('separate', 'memory') ?? find('embedded', 'memory');
  const embedded = find('embedded', 'memory');
  const rows: HeadlineRow[] = [];
  const flow = (report: ServerReport | undefined, level: number) => cpu(report?.flows.find((m) => m.concurrency === level));
  if (own) {
    const whose = own.topology === 'separate' ? "Kontekst's own CPU per full login" : 'CPU per full login (built-in simulator counted)';
    for (const level of levels)
      rows.push(
        cpuRow(`${whose}, c=${level}, memory`, LOGIN_COST_TARGETS.ownLogin, flow(own, level), flow(library, level), flow(bare, level)),
      );
    rows.push(
      cpuRow(
        'authorization-code redemption CPU, memory',
        LOGIN_COST_TARGETS.token,
        cpu(own.redemption),
        cpu(library?.redemption),
        cpu(bare?.redemption),
      ),
    );
    rows.push(
      cpuRow(
        'refresh grant CPU (rotation at both), memory',
        LOGIN_COST_TARGETS.token,
        cpu(own.refresh),
        cpu(library?.refresh),
        cpu(bare?.refresh),
      ),
    );
  }
  if (embedded) {
    for (const level of levels) {
      rows.push(
        cpuRow(
          `embedded default CPU per login (built-in simulator counted), c=${level}, memory`,
          LOGIN_COST_TARGETS.embeddedLogin,
          flow(embedded, level),
          flow(library, level),
          flow(bare, level),
        ),
      );
    }
  }
  const redisOwn = (find('separate', 'redis') ?? find('embedded', 'redis'))?.redis;
  const redisBare = find('bare', 'redis')?.redis;
  if (redisOwn && redisBare) {
    const limit = redisBare.roundTrips + LOGIN_COST_TARGETS.extraRoundTrips;
    rows.push({
      figure: 'Redis round trips per login (Kontekst vs bare on the same adapter)',
      target: `≤ bare + ${LOGIN_COST_TARGETS.extraRoundTrips}`,
      kontekst: redisOwn.roundTrips.toFixed(1),
      library: `bare: ${redisBare.roundTrips.toFixed(1)}`,
      ratio: `${(redisOwn.roundTrips - redisBare.roundTrips).toFixed(1)} more (${redisOwn.roundTrips <= limit ? 'met' : `MISSED by ${(redisOwn.roundTrips - limit).toFixed(1)}`})`,
      vsBare: '',
    });
  }
  return rows;
}
