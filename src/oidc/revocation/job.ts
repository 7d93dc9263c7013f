// A revocation job as stored: its targets, and the logout tokens still to deliver (kept so a retry survives a restart).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { revocationTargetsSchema, type RevocationTarget } from './targets.ts';

const pendingDeliverySchema = z.object({
  clientId: z.string(),
  /** The session's account: the logout token's sub is derived from it (pairwise), exactly as at logout. */
  accountId: z.string(),
  sid: z.string(),
  attempts: z.number().int().min(0),
  /** Epoch ms; the first attempt's time starts the retry window. */
  firstAttemptAt: z.number().optional(),
  nextAttemptAt: z.number(),
});
export type PendingDelivery = z.infer<typeof pendingDeliverySchema>;

export const revocationJobSchema = z.object({
  id: z.string().min(1),
  targets: revocationTargetsSchema,
  /** Epoch ms. */
  createdAt: z.number(),
  deliveries: z.array(pendingDeliverySchema).default([]),
});
export type RevocationJob = z.infer<typeof revocationJobSchema>;

/**
 * A new job for the targets (validated: a bad target is refused here, before anything is stored). `id`: the
 * stored revocation's id when an administration change recorded the work, so relaying it again is the same job.
 */
export function newRevocationJob(targets: RevocationTarget[], now = Date.now(), id: string = randomUUID()): RevocationJob {
  return { id, targets: revocationTargetsSchema.parse(targets), createdAt: now, deliveries: [] };
}

export function serializeJob(job: RevocationJob): string {
  return JSON.stringify(job);
}

/** A stored job, or undefined when the stored text is not one (it is then dropped rather than retried forever). */
export function parseJob(json: string): RevocationJob | undefined {
  try {
    const parsed = revocationJobSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
