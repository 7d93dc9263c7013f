// Bulk import commands (issue 14): a dry run writes nothing; a commit is a job of atomic batches, resumable by its Idempotency-Key.
import { createHash } from 'node:crypto';
import type { BusinessUserRecord } from '../../directory/records.ts';
import { organisationScope } from '../../directory/repository.ts';
import { audit, authorize, commit, loadOrganisation, type AdminDeps, type Principal } from '../context.ts';
import { AdminError } from '../errors.ts';
import { dryRunImport, planImport, type PlanImportOptions } from '../import/dry-run.ts';
import type { CsvLimits } from '../import/csv-reader.ts';
import type { ImportKind } from '../import/codes.ts';
import {
  changeBatches,
  ImportChangedError,
  jobIdFor,
  jobRecordKey,
  jobView,
  type ChangeDecision,
  type ImportJobView,
  type JobBatch,
  type JobEnd,
  type JobStart,
} from '../import/job.ts';
import type { DryRunReport } from '../import/report.ts';
import type { ImportSource } from '../import/utf8-text.ts';
import { personIdentity } from '../user-records.ts';
import { principalKey } from './idempotency.ts';

const DEFAULT_BATCH_SIZE = 100;

export interface ImportFileInput {
  kind: ImportKind;
  /** Opens the file from its start; a commit reads it twice (dry run, then the batches). */
  open: () => ImportSource;
  limits?: Partial<CsvLimits>;
  /** Bounds CPR and birth dates (defaults to now; tests pin it). */
  today?: Date;
}

export interface CommitImportInput extends ImportFileInput {
  /** The same key with the same file resumes (or replays) the job; with another file it is refused. */
  idempotencyKey?: string;
  /** Changed users per atomic step. */
  batchSize?: number;
}

/** Parses, validates and plans the file against the organisation's current users; nothing is written. */
export async function dryRunImportFile(deps: AdminDeps, principal: Principal, cvr: string, input: ImportFileInput): Promise<DryRunReport> {
  await authorize(deps, principal, 'imports.run', cvr);
  await loadOrganisation(deps, cvr);
  return dryRunImport(input.open(), { ...(await planOptions(deps, cvr, input)), keepRows: true });
}

/**
 * Dry run, then (only if every row is accepted) the job: its start, its batches (each one atomic step with the
 * batch's users, its audit event and the job's progress), its end. A refused file writes nothing. Re-running
 * the same file plans every row `unchanged`; a job killed half-way is resumed by the same Idempotency-Key and
 * ends as an uninterrupted one would (rows already written are then `unchanged`).
 */
export async function commitImportFile(
  deps: AdminDeps,
  principal: Principal,
  cvr: string,
  input: CommitImportInput,
): Promise<ImportJobView> {
  const actor = await authorize(deps, principal, 'imports.run', cvr);
  const organisation = await loadOrganisation(deps, cvr);
  if (organisation.state === 'disconnected') throw new AdminError('organisation_not_connected', 'the organisation is disconnected');
  const scope = organisationScope(cvr);
  const digest = createHash('sha256');
  const report = await dryRunImport(hashing(input.open(), digest), { ...(await planOptions(deps, cvr, input)), keepRows: false });
  if (!report.committable) {
    const detailed = await dryRunImport(input.open(), { ...(await planOptions(deps, cvr, input)), keepRows: true });
    throw new AdminError('import_refused', 'the file is refused: nothing was imported (see the report)', undefined, { report: detailed });
  }
  const fileDigest = digest.digest('base64url');
  const id = input.idempotencyKey === undefined ? deps.newId() : jobIdFor(principalKey(principal), cvr, input.kind, input.idempotencyKey);

  let start = (await deps.directory.idempotentAnswer(scope, jobRecordKey(id, 'start'))) as JobStart | undefined;
  if (start && (start.fileDigest !== fileDigest || start.kind !== input.kind))
    throw new AdminError('idempotency_key_reused', 'this Idempotency-Key was used for another file');
  if (!start) {
    start = {
      id,
      cvr,
      kind: input.kind,
      fileDigest,
      planned: report.totals,
      batchSize: input.batchSize ?? DEFAULT_BATCH_SIZE,
      startedAt: deps.now().toISOString(),
    };
    await commit(deps, {
      scope,
      changes: [],
      audit: audit(
        deps,
        actor,
        'users.import.start',
        { type: 'import_job', id },
        { kind: { before: null, after: input.kind }, planned: { before: null, after: report.totals } },
      ),
      outbox: [],
      idempotency: { key: jobRecordKey(id, 'start'), answer: start },
    });
  }
  const done = await jobParts(deps, cvr, id);
  if (done.end) return jobView(start, done.batches, done.end);

  const existing = new Map((await deps.directory.userRecordsOf(cvr)).map((user) => [user.uuid, user]));
  // Each batch re-writes the organisation record at the version read with the users: a second import running
  // into the same organisation at once (it planned against the same users) conflicts instead of creating twins.
  let guard = await loadOrganisation(deps, cvr);
  let number = done.batches.length;
  try {
    for await (const batch of changeBatches(
      planImport(input.open(), await planOptions(deps, cvr, input, [...existing.values()])),
      start.batchSize,
    )) {
      number += 1;
      const changes = batch.map((decision) => userChange(deps, cvr, decision, existing));
      const part: JobBatch = {
        batch: number,
        throughRow: batch.at(-1)!.row.row,
        created: batch.filter((d) => d.kind === 'create').length,
        updated: batch.filter((d) => d.kind === 'update').length,
      };
      const { version: _version, ...organisationRecord } = guard;
      await commit(deps, {
        scope,
        changes: [{ kind: 'organisation', record: organisationRecord, previous: guard }, ...changes],
        audit: audit(
          deps,
          actor,
          'users.import',
          { type: 'import_job', id },
          {
            created: { before: null, after: changes.filter((change) => !change.previous).map((change) => change.record.uuid) },
            updated: { before: null, after: batch.flatMap((d) => (d.kind === 'update' ? [{ uuid: d.uuid, fields: d.fields }] : [])) },
          },
        ),
        outbox: [],
        idempotency: { key: jobRecordKey(id, number), answer: part },
      });
      guard = { ...guard, version: guard.version + 1 };
    }
  } catch (error) {
    if (error instanceof ImportChangedError)
      throw new AdminError('precondition_failed', `row ${error.row} changed since the dry run: send the file again`);
    throw error;
  }
  const end: JobEnd = { finishedAt: deps.now().toISOString() };
  const batches = (await jobParts(deps, cvr, id)).batches;
  const written = jobView(start, batches, end).written;
  await commit(deps, {
    scope,
    changes: [],
    audit: audit(deps, actor, 'users.import.end', { type: 'import_job', id }, { written: { before: null, after: written } }),
    outbox: [],
    idempotency: { key: jobRecordKey(id, 'end'), answer: end },
  });
  return jobView(start, batches, end);
}

/** The job resource: progress and what was planned and written. Another organisation's job is not found. */
export async function readImportJob(deps: AdminDeps, principal: Principal, cvr: string, id: string): Promise<ImportJobView> {
  await authorize(deps, principal, 'imports.run', cvr);
  const start = (await deps.directory.idempotentAnswer(organisationScope(cvr), jobRecordKey(id, 'start'))) as JobStart | undefined;
  if (!start) throw new AdminError('not_found', 'no such import job');
  const { batches, end } = await jobParts(deps, cvr, id);
  return jobView(start, batches, end);
}

async function jobParts(deps: AdminDeps, cvr: string, id: string): Promise<{ batches: JobBatch[]; end: JobEnd | undefined }> {
  const scope = organisationScope(cvr);
  const batches: JobBatch[] = [];
  for (;;) {
    const part = (await deps.directory.idempotentAnswer(scope, jobRecordKey(id, batches.length + 1))) as JobBatch | undefined;
    if (!part) break;
    batches.push(part);
  }
  return { batches, end: (await deps.directory.idempotentAnswer(scope, jobRecordKey(id, 'end'))) as JobEnd | undefined };
}

async function planOptions(deps: AdminDeps, cvr: string, input: ImportFileInput, users?: BusinessUserRecord[]): Promise<PlanImportOptions> {
  const current = (users ?? (await deps.directory.userRecordsOf(cvr))).filter((user) => user.state !== 'deleted');
  const catalogue = new Set((await deps.directory.rightRecords()).map((right) => right.urn));
  return {
    kind: input.kind,
    cvr,
    existing: current,
    cprKey: (cpr) => deps.directory.cprKey(cpr),
    knownRight: (urn) => catalogue.has(urn),
    ...(input.limits ? { limits: input.limits } : {}),
    ...(input.today ? { today: input.today } : {}),
  };
}

/** A created user lands in `imported` with RID, roles and rights; an updated one keeps who it is and its state. */
function userChange(deps: AdminDeps, cvr: string, decision: ChangeDecision, existing: ReadonlyMap<string, BusinessUserRecord>) {
  const row = decision.row;
  const now = deps.now().toISOString();
  if (decision.kind === 'update') {
    const previous = existing.get(decision.uuid)!;
    const { version: _version, ...record } = previous;
    record.givenName = row.givenName;
    record.familyName = row.familyName;
    record.email = row.email;
    if (row.externalId !== undefined) record.externalId = row.externalId;
    if (row.roles !== undefined) record.roles = row.roles;
    if (row.rights !== undefined) record.rights = row.rights;
    record.updatedAt = now;
    return { kind: 'user' as const, record, previous };
  }
  const identity = row.identity.kind === 'cpr' ? { cpr: row.identity.cpr } : { birthDate: row.identity.birthDate };
  const record: Omit<BusinessUserRecord, 'version'> = {
    uuid: deps.newId(),
    cvr,
    givenName: row.givenName,
    familyName: row.familyName,
    email: row.email,
    identity: personIdentity(deps, identity),
    state: 'imported',
    privateMitIdConsent: 'none',
    chosenMeans: [],
    dedicatedMitIds: [],
    sharedMitIds: [],
    roles: row.roles ?? [],
    rights: row.rights ?? [],
    createdAt: now,
    updatedAt: now,
  };
  if (row.rid !== undefined) record.rid = row.rid;
  if (row.externalId !== undefined) record.externalId = row.externalId;
  return { kind: 'user' as const, record };
}

/** Passes the file through unchanged while hashing its bytes. */
async function* hashing(source: ImportSource, hash: ReturnType<typeof createHash>): AsyncGenerator<Uint8Array | string> {
  for await (const chunk of source) {
    hash.update(chunk);
    yield chunk;
  }
}
