// The import operations' zod schemas (paths, bodies, answers): the admin API validates with them and documents them in its OpenAPI.
import { z } from 'zod';
import { MEANS } from '../../domain/mitid.ts';
import { cvrSchema } from '../../directory/world.ts';
import { FILE_ERROR_CODES, IMPORT_FIELDS, IMPORT_KINDS, PLAN_ACTIONS, ROW_ERROR_CODES } from './codes.ts';

export const importParams = z.strictObject({ cvr: cvrSchema, kind: z.enum(IMPORT_KINDS) });
export const importJobParams = z.strictObject({ cvr: cvrSchema, id: z.string().regex(/^[\w-]{8,64}$/) });

const totals = z.object({
  rows: z.number(),
  accepted: z.number(),
  refused: z.number(),
  create: z.number(),
  update: z.number(),
  unchanged: z.number(),
});
const issue = z.object({ code: z.enum(ROW_ERROR_CODES), field: z.enum(IMPORT_FIELDS).optional() });

export const dryRunReportAnswer = z
  .object({
    kind: z.enum(IMPORT_KINDS),
    cvr: z.string(),
    fileError: z.object({ code: z.enum(FILE_ERROR_CODES), line: z.number().optional(), column: z.string().optional() }).optional(),
    totals,
    rows: z.array(
      z.object({
        row: z.number(),
        status: z.enum(['accepted', 'refused']),
        action: z.enum(PLAN_ACTIONS).optional(),
        fields: z.array(z.string()).optional(),
        issues: z.array(issue).optional(),
      }),
    ),
    committable: z.boolean(),
  })
  .meta({ id: 'ImportDryRunReport', description: 'Per row accepted (with its action) or refused (field and code); no cell values.' });

export const importJobAnswer = z
  .object({
    id: z.string(),
    cvr: z.string(),
    kind: z.enum(IMPORT_KINDS),
    state: z.enum(['running', 'completed']),
    planned: totals,
    written: z.object({ created: z.number(), updated: z.number(), batches: z.number() }),
    progress: z.number().min(0).max(1),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
  })
  .meta({
    id: 'ImportJob',
    description: 'A job still `running` after its process died is resumed by sending the same file with the same Idempotency-Key.',
  });

export const massActivationBody = z
  .strictObject({
    uuids: z
      .array(z.uuid())
      .min(1)
      .max(100_000)
      .optional()
      .meta({ description: 'only these imported users (default: all imported users)' }),
    means: z.array(z.enum(MEANS)).min(1).optional().meta({ description: 'the means offered for the dedicated MitID' }),
  })
  .meta({ id: 'MassActivation' });

export const massActivationAnswer = z
  .object({
    selected: z.number(),
    activated: z.number(),
    linksQueued: z.number(),
    withoutEmail: z.number(),
    skipped: z.number(),
    users: z.array(
      z.object({ uuid: z.string(), activationId: z.string(), method: z.enum(['private_mitid', 'code']), code: z.string().optional() }),
    ),
  })
  .meta({ id: 'MassActivationReceipt' });
