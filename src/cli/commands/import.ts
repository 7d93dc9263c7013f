// `kontekst import nemid|users FILE --cvr …` and `kontekst activate --cvr … --imported`: bulk import and mass activation, through the same admin service and storage as the server.
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { AdminError } from '../../admin/errors.ts';
import { massActivationBody } from '../../admin/import/api-schemas.ts';
import type { ImportKind } from '../../admin/import/codes.ts';
import type { ImportJobView } from '../../admin/import/job.ts';
import { describeAction, describeFileError, describeRowIssue } from '../../admin/import/messages.ts';
import type { DryRunReport } from '../../admin/import/report.ts';
import type { MassActivationReceipt } from '../../admin/commands/import-activation.ts';
import { cvrSchema } from '../../directory/world.ts';
import { CliError } from '../errors.ts';
import type { Answer } from '../output.ts';
import type { Action } from './action.ts';
import { CLI_OPERATOR, refusedAsCliError, serviceOf } from './directory.ts';

const importOptions = z.object({
  cvr: cvrSchema,
  dryRun: z.boolean().optional(),
  idempotencyKey: z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, '1-200 visible ASCII characters')
    .optional(),
  batchSize: z.coerce.number().int().min(1).max(1000).optional(),
});

function valid<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  // The option at fault, as typed (`batchSize` → `--batch-size`; `uuids` is `--user`).
  const option = String(issue.path[0] ?? 'input')
    .replace('uuids', 'user')
    .replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  throw new CliError(`--${option}: ${issue.message}`, 2);
}

/** The report for a person: the totals, then each refused row (or the file error) in English, as the pages say it in Danish. */
export function reportText(report: DryRunReport): string {
  const { totals } = report;
  const lines = [
    `${totals.rows} row(s): ${totals.accepted} accepted (${totals.create} ${describeAction('create', 'en')}, ${totals.update} ${describeAction('update', 'en')}, ${totals.unchanged} ${describeAction('unchanged', 'en')}), ${totals.refused} refused.`,
  ];
  if (report.fileError) lines.push(`File refused: ${describeFileError(report.fileError.code, report.fileError, 'en')}`);
  for (const row of report.rows)
    if (row.status === 'refused') lines.push(`Row ${row.row}: ${row.issues.map((issue) => describeRowIssue(issue, 'en')).join('; ')}`);
  lines.push(report.committable ? 'The file can be imported.' : 'Nothing can be imported until the file is fixed.');
  return lines.join('\n');
}

function jobText(job: ImportJobView): string {
  return `Import job ${job.id} ${job.state}: ${job.written.created} user(s) created, ${job.written.updated} updated, ${job.planned.unchanged} unchanged (${job.written.batches} batch(es)).`;
}

function importAction(action: Action, kind: ImportKind) {
  return action(async (runtime, options, file): Promise<Answer> => {
    const input = valid(importOptions, options);
    await access(file!).catch(() => {
      throw new CliError(`cannot read ${file}`, 2);
    });
    const { service } = await serviceOf(runtime);
    const open = () => createReadStream(file!);
    if (input.dryRun) {
      const report = await refusedAsCliError(() => service.dryRunImportFile(CLI_OPERATOR, input.cvr, { kind, open }));
      if (!report.committable) throw new CliError(reportText(report), 1);
      return { human: reportText(report), json: report };
    }
    const job = await refusedAsCliError(async () => {
      try {
        return await service.commitImportFile(CLI_OPERATOR, input.cvr, {
          kind,
          open,
          ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
          ...(input.batchSize ? { batchSize: input.batchSize } : {}),
        });
      } catch (error) {
        // A refused file: the report says which rows and why (nothing was written).
        if (error instanceof AdminError && error.code === 'import_refused')
          throw new CliError(reportText(error.detail!['report'] as DryRunReport), 1);
        throw error;
      }
    });
    return { human: jobText(job), json: job };
  });
}

function receiptText(receipt: MassActivationReceipt): string {
  const lines = [
    `${receipt.activated} of ${receipt.selected} imported user(s) are now awaiting activation: ${receipt.linksQueued} link(s) queued by e-mail, ${receipt.withoutEmail} without an e-mail address, ${receipt.skipped} skipped (changed meanwhile: run again).`,
  ];
  const codes = receipt.users.filter((user) => user.code !== undefined);
  // Shown once, as the single activation command does: a birth-date user needs the code handed over.
  if (codes.length > 0)
    lines.push('Activation codes (hand each to its user; shown only now):', ...codes.map((user) => `  ${user.uuid}  ${user.code}`));
  return lines.join('\n');
}

export function registerImportCommands(program: Command, action: Action): void {
  const imports = program
    .command('import')
    .description('bulk import of business users from CSV (UTF-8, `;` or `,`, a header row; see README "Bulk import")');
  for (const [kind, description] of [
    ['nemid', 'NemID employee signatures (RID, names, e-mail, CPR or birth date, roles, rights) as imported users'],
    ['users', 'new business users (external ID or e-mail, names, CPR or birth date, roles, rights) as imported users'],
  ] as const) {
    imports
      .command(`${kind} <file>`)
      .description(description)
      .requiredOption('--cvr <cvr>', 'the organisation imported into')
      .option('--dry-run', 'only report what each row would do; nothing is written')
      .option('--idempotency-key <key>', "the job's key: running again with the same key and file resumes (or replays) the job")
      .option('--batch-size <n>', 'changed users per atomic step (default 100)')
      .action(importAction(action, kind));
  }
  program
    .command('activate')
    .description('mass activation: every imported user (or those named) gets an activation link by e-mail and awaits activation')
    .requiredOption('--cvr <cvr>', 'the organisation')
    .requiredOption('--imported', 'select the imported users (the only selection there is)')
    .option('--means <list>', 'the means offered for the dedicated MitID, comma-separated (app,code_display,code_reader,chip)')
    .option('--user <uuid...>', 'only these imported users')
    .action(
      action(async (runtime, options): Promise<Answer> => {
        const { cvr } = valid(z.object({ cvr: cvrSchema }), options);
        const body = valid(massActivationBody, {
          ...(typeof options['means'] === 'string' ? { means: options['means'].split(',').map((means) => means.trim()) } : {}),
          ...(Array.isArray(options['user']) ? { uuids: options['user'] } : {}),
        });
        const { service } = await serviceOf(runtime);
        const receipt = await refusedAsCliError(() => service.activateImported(CLI_OPERATOR, cvr, body));
        return { human: receiptText(receipt), json: receipt };
      }),
    );
}
