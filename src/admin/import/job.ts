// PURE: an import job as stored (its start, its batches, its end), the job view built from them, and batching of decisions.
import { createHash } from 'node:crypto';
import type { ImportKind } from './codes.ts';
import type { RowDecision } from './planner.ts';
import type { ImportTotals } from './report.ts';

/** Written once, in its own atomic step, before the first batch: what the dry run planned for the file. */
export interface JobStart {
  id: string;
  cvr: string;
  kind: ImportKind;
  /** sha256 of the file's bytes: a resumed or replayed job must be given the same file. */
  fileDigest: string;
  planned: ImportTotals;
  batchSize: number;
  startedAt: string;
}

/** Written in the same atomic step as the batch's users and audit event. */
export interface JobBatch {
  batch: number;
  /** The spreadsheet row number of the batch's last row. */
  throughRow: number;
  created: number;
  updated: number;
}

export interface JobEnd {
  finishedAt: string;
}

/** The job resource: progress is the changes written over the changes the dry run planned. */
export interface ImportJobView {
  id: string;
  cvr: string;
  kind: ImportKind;
  /** `running` also for a job whose process died: send the same file with the same Idempotency-Key to resume it. */
  state: 'running' | 'completed';
  planned: ImportTotals;
  written: { created: number; updated: number; batches: number };
  progress: number;
  startedAt: string;
  finishedAt?: string;
}

/** The idempotency-record keys a job's parts are kept under (write-once, in the organisation's scope). */
export function jobRecordKey(id: string, part: 'start' | 'end' | number): string {
  return `import-job:${id}:${part}`;
}

/** A job's id: derived from who sent which Idempotency-Key for which organisation and kind, so a retry finds it. */
export function jobIdFor(who: string, cvr: string, kind: ImportKind, idempotencyKey: string): string {
  return createHash('sha256').update(`${who}\u0000${cvr}\u0000${kind}\u0000${idempotencyKey}`).digest('base64url').slice(0, 32);
}

export function jobView(start: JobStart, batches: readonly JobBatch[], end: JobEnd | undefined): ImportJobView {
  const created = batches.reduce((sum, batch) => sum + batch.created, 0);
  const updated = batches.reduce((sum, batch) => sum + batch.updated, 0);
  const planned = start.planned.create + start.planned.update;
  return {
    id: start.id,
    cvr: start.cvr,
    kind: start.kind,
    state: end ? 'completed' : 'running',
    planned: start.planned,
    written: { created, updated, batches: batches.length },
    progress: end || planned === 0 ? 1 : Math.min(1, (created + updated) / planned),
    startedAt: start.startedAt,
    ...(end ? { finishedAt: end.finishedAt } : {}),
  };
}

export type ChangeDecision = Extract<RowDecision, { kind: 'create' | 'update' }>;

/**
 * The decisions that change something, in groups of `size` (file order). An unchanged row is skipped; a refused
 * row ends the run (the file changed since its dry run, or another administrator got there first).
 */
export async function* changeBatches(decisions: AsyncIterable<RowDecision>, size: number): AsyncGenerator<ChangeDecision[]> {
  let batch: ChangeDecision[] = [];
  for await (const decision of decisions) {
    if (decision.kind === 'refused') throw new ImportChangedError(decision.row);
    if (decision.kind === 'unchanged') continue;
    batch.push(decision);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

export class ImportChangedError extends Error {
  override readonly name = 'ImportChangedError';
  constructor(readonly row: number) {
    super(`row ${row} is refused now although the dry run accepted it`);
  }
}
