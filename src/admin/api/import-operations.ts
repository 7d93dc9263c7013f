// The bulk-import operations of the admin API (issue 14): CSV dry run and commit, the job resource, mass activation.
import * as i from '../import/api-schemas.ts';
import type { Operation } from './operations.ts';

export const IMPORT_OPERATIONS: Operation[] = [
  {
    operationId: 'dryRunImport',
    method: 'post',
    path: '/organisations/{cvr}/imports/{kind}/dry-run',
    command: 'imports.run',
    summary: 'Dry-run a CSV import (`nemid` signatures or new `users`): the per-row report, nothing written',
    params: i.importParams,
    answer: i.dryRunReportAnswer,
    csvUpload: true,
    run: (service, { principal, params, upload }) =>
      service.dryRunImportFile(principal, params.cvr, { kind: params.kind, open: upload!.open }),
  },
  {
    operationId: 'commitImport',
    method: 'post',
    path: '/organisations/{cvr}/imports/{kind}',
    command: 'imports.run',
    summary: 'Import a CSV as a job (422 import_refused with the report when any row is refused: nothing written)',
    params: i.importParams,
    answer: i.importJobAnswer,
    csvUpload: true,
    idempotent: true,
    status: 201,
    run: (service, { principal, params, upload, idempotencyKey }) =>
      service.commitImportFile(principal, params.cvr, {
        kind: params.kind,
        open: upload!.open,
        ...(idempotencyKey ? { idempotencyKey } : {}),
      }),
  },
  {
    operationId: 'readImportJob',
    method: 'get',
    path: '/organisations/{cvr}/import-jobs/{id}',
    command: 'imports.run',
    summary: 'An import job: progress, planned and written',
    params: i.importJobParams,
    answer: i.importJobAnswer,
    run: (service, { principal, params }) => service.readImportJob(principal, params.cvr, params.id),
  },
  {
    operationId: 'activateImported',
    method: 'post',
    path: '/organisations/{cvr}/activations/imported',
    command: 'imports.activate',
    summary: 'Mass activation: an activation (link by e-mail) for every selected imported user; a receipt with counts',
    params: i.importParams.pick({ cvr: true }),
    body: i.massActivationBody,
    answer: i.massActivationAnswer,
    run: (service, { principal, params, body }) => service.activateImported(principal, params.cvr, body),
  },
];
