// The revocation work an administration change stores with itself (same atomic step, same slot): whose sessions must end.
import { z } from 'zod';

/** One business user whose live sessions must end; `via` and `onlyClient` narrow which sessions, or which part. */
export const sessionTargetSchema = z.strictObject({
  businessUserUuid: z.guid(),
  cvr: z.string().regex(/^\d{8}$/),
  /** Only sessions that came through this kind of login; both when absent. */
  via: z.enum(['private_mitid', 'dedicated_mitid']).optional(),
  /** Only this client's part of each session (e.g. the admin console when an administrator role is removed). */
  onlyClient: z.string().min(1).max(200).optional(),
});
export type SessionTarget = z.infer<typeof sessionTargetSchema>;

/**
 * Kept in the organisation's outbox next to its e-mails (so it is written atomically with the change), told apart
 * by its kind; its id becomes the revocation job's id, so relaying it twice stores one job.
 */
export const sessionRevocationSchema = z.strictObject({
  kind: z.literal('session_revocation'),
  id: z.string().min(1).max(100),
  createdAt: z.iso.datetime({ offset: true }),
  targets: z.array(sessionTargetSchema).min(1).max(1000),
});
export type SessionRevocation = z.infer<typeof sessionRevocationSchema>;

/** Whether a stored outbox entry is revocation work rather than a message to deliver. */
export function isSessionRevocationJson(json: string): boolean {
  return (JSON.parse(json) as { kind?: unknown }).kind === 'session_revocation';
}
