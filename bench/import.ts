// Bulk-import benchmark: parse + validate + plan generated NemID files of 10k and 100k rows; rows/s and peak memory.
//
// Each size and stage runs in its own child process, so its peak memory (max RSS, sampled peak JS heap) is its
// own. The file is generated while it is read (never held in memory). Stage `read` is parse + validate: a flat
// peak from 10k to 100k rows shows the reader streams. Stage `plan` adds the planner, which keeps one small
// entry per row (its key and a 48-bit digest, to refuse duplicates). "Live heap" is the JS heap after a forced
// GC, taken every 10,000 rows while the run is under way: what the stage really holds, without GC timing noise. Run alone with `npm run bench:import`; `npm run bench` runs it at the end.
//   BENCH_IMPORT_ROWS   row counts, comma-separated (default 10000,100000)
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { dryRunImport } from '../src/admin/import/dry-run.ts';
import type { ExistingUser } from '../src/admin/import/planner.ts';
import { readImportRows } from '../src/admin/import/read-rows.ts';

const CVR = '10000009';
const EXISTING_USERS = 1000;
const CHUNK_ROWS = 500;
const LIVE_SAMPLE_ROWS = 10_000;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
let liveHeapPeak = 0;

type Stage = 'read' | 'plan';

interface SizeResult {
  rows: number;
  stage: Stage;
  seconds: number;
  rowsPerSecond: number;
  maxRssMiB: number;
  peakHeapMiB: number;
  baselineHeapMiB: number;
  /** The largest JS heap after a forced GC taken every LIVE_SAMPLE_ROWS rows during the run, above the baseline. */
  liveHeapMiB: number;
  totals: Record<string, number>;
}

const cprKey = (cpr: string) => createHash('sha256').update(`bench:${cpr}`).digest('base64url');

/** The i-th employee as a NemID export row; every 50th has a birth date instead of a CPR, every 7th is an administrator. */
function csvRow(i: number): string {
  const day = String((i % 28) + 1).padStart(2, '0');
  const month = String((i % 12) + 1).padStart(2, '0');
  const year = String(50 + (i % 49)).padStart(2, '0');
  const cpr = `${day}${month}${year}${String(i % 4000).padStart(4, '0')}`;
  const identity = i % 50 === 0 ? `;19${year}-${month}-${day}` : `${cpr};`;
  const roles = i % 7 === 0 ? 'brugeradministrator' : '';
  return `${100000 + i};Fornavn${String.fromCharCode(97 + (i % 26))};Efternavn-Ø;ansat${i}@firma.dk;${identity};${roles};urn:dk:skat:tast|urn:dk:post:read\n`;
}

async function* generatedFile(rows: number): AsyncGenerator<string> {
  yield '\uFEFFRID;Fornavn;Efternavn;E-mail;CPR;Fødselsdato;Roller;Rettigheder\n';
  for (let start = 0; start < rows; start += CHUNK_ROWS) {
    let chunk = '';
    for (let i = start; i < Math.min(rows, start + CHUNK_ROWS); i += 1) chunk += csvRow(i);
    if (start % LIVE_SAMPLE_ROWS === 0) {
      gc();
      liveHeapPeak = Math.max(liveHeapPeak, process.memoryUsage().heapUsed);
    }
    yield chunk;
  }
}

/** The first EXISTING_USERS employees already imported, half of them with other rights (so updates are planned too). */
function existingUsers(): ExistingUser[] {
  return Array.from({ length: EXISTING_USERS }, (_, i) => {
    const [rid, given, family, email, cpr, birthDate, roles] = csvRow(i).trimEnd().split(';') as string[];
    return {
      uuid: `existing-${i}`, rid: rid!, givenName: given!, familyName: family!, email: email!,
      identity: cpr ? { kind: 'cpr', cprKey: cprKey(cpr) } : { kind: 'birthdate', birthDate: birthDate! },
      roles: roles ? ['user_administrator'] : [],
      rights: i % 2 === 0 ? ['urn:dk:post:read', 'urn:dk:skat:tast'] : ['urn:dk:post:read'],
    };
  });
}

async function runStage(rows: number, stage: Stage, existing: ExistingUser[]): Promise<Record<string, number>> {
  if (stage === 'plan') {
    const report = await dryRunImport(generatedFile(rows), { kind: 'nemid', cvr: CVR, existing, cprKey, keepRows: false, today: new Date() });
    if (report.fileError || report.totals.refused > 0) throw new Error(`import bench: unexpected report ${JSON.stringify(report)}`);
    return { ...report.totals };
  }
  const totals = { rows: 0, accepted: 0, refused: 0 };
  for await (const validation of readImportRows(generatedFile(rows), { kind: 'nemid', cvr: CVR, today: new Date() })) {
    totals.rows += 1;
    totals[validation.ok ? 'accepted' : 'refused'] += 1;
  }
  return totals;
}

async function measureSize(rows: number, stage: Stage): Promise<SizeResult> {
  const existing = existingUsers();
  gc();
  const baselineHeap = process.memoryUsage().heapUsed;
  let peakHeap = baselineHeap;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 5);
  const started = performance.now();
  const totals = await runStage(rows, stage, existing);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  if (totals['rows'] !== rows || totals['refused'] !== 0) throw new Error(`import bench: unexpected totals ${JSON.stringify(totals)}`);
  const mib = (bytes: number) => bytes / 2 ** 20;
  return {
    rows, stage, seconds, rowsPerSecond: rows / seconds,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    peakHeapMiB: mib(peakHeap), baselineHeapMiB: mib(baselineHeap), liveHeapMiB: mib(Math.max(0, liveHeapPeak - baselineHeap)),
    totals,
  };
}

/** Runs one size in a fresh Node process (tsx loader), so peaks do not carry over between sizes. */
function measureInChild(rows: number, stage: Stage): Promise<SizeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', String(rows), stage], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (data: Buffer) => {
      out += data.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as SizeResult) : reject(new Error(`import bench child for ${rows} rows (${stage}) exited with ${code}`))));
  });
}

/** Runs every size and prints a Markdown table. */
export async function runImportBench(): Promise<void> {
  const sizes = (process.env['BENCH_IMPORT_ROWS'] ?? '10000,100000').split(',').map(Number);
  const results: SizeResult[] = [];
  for (const stage of ['read', 'plan'] as const) {
    for (const rows of sizes) {
      process.stderr.write(`import bench: ${stage} ${rows} rows\n`);
      results.push(await measureInChild(rows, stage));
    }
  }
  const planned = (r: SizeResult) => (r.stage === 'plan' ? `${r.totals['create']} / ${r.totals['update']} / ${r.totals['unchanged']}` : '–');
  const out = [
    `\n## Bulk import — generated NemID files, streamed; ${EXISTING_USERS} existing users\n`,
    '`read` = parse + validate; `plan` = parse + validate + plan (the dry run). Each line is its own process.\n',
    '| stage | rows | seconds | rows/s | planned (create / update / unchanged) | JS heap MiB: before → peak | live heap MiB (max, after GC) | max RSS MiB |',
    '| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
    ...results.map((r) => `| ${r.stage} | ${r.rows} | ${r.seconds.toFixed(2)} | ${Math.round(r.rowsPerSecond)} | ${planned(r)} | ${r.baselineHeapMiB.toFixed(1)} → ${r.peakHeapMiB.toFixed(1)} | ${r.liveHeapMiB.toFixed(1)} | ${r.maxRssMiB.toFixed(1)} |`),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

const childAt = process.argv.indexOf('--child');
if (childAt !== -1) {
  measureSize(Number(process.argv[childAt + 1]), process.argv[childAt + 2] as Stage).then((result) => process.stdout.write(JSON.stringify(result)), (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runImportBench().catch((error: unknown) => {
    process.stderr.write(`import bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
