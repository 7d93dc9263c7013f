// Who a revocation is for: a business user (every credential), a person's private account, optionally one client only.
import { z } from 'zod';
import { accountHolderKey, parseAccountId } from '../account-id.ts';

const uuid = z.guid();
/** Limits the revocation to the part of each session one client took part in (e.g. the admin pages when a role is removed). */
const onlyClient = z.string().min(1).max(200).optional();

export const revocationTargetSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('professional'),
      businessUserUuid: uuid,
      /** Only the sessions logged in with this credential: 'mitid' = private MitID (consent withdrawn, organisation disallowing it). */
      idp: z.enum(['mitid', 'mitid_erhverv']).optional(),
      onlyClient,
    })
    .strict(),
  z.object({ type: z.literal('private'), mitidUuid: uuid, onlyClient }).strict(),
]);

/**
 * - `{ type: 'professional', businessUserUuid }`: a business user's sessions, whether they logged in with
 *   private or dedicated MitID (blocked means, deactivated or deleted user, organisation disconnected, …);
 * - `{ type: 'private', mitidUuid }`: a person's private sessions;
 * - `idp` (professional only): only the sessions logged in with that credential;
 * - `onlyClient`: only that client's part of each session ends (its grant, its logout token); the rest stays.
 */
export type RevocationTarget = z.infer<typeof revocationTargetSchema>;

export const revocationTargetsSchema = z.array(revocationTargetSchema).min(1).max(1000);

export function holderKeyOfTarget(target: RevocationTarget): string {
  return accountHolderKey(target);
}

/** Whether a stored record's account (same holder) is one the target names: its idp, when the target restricts it. */
export function targetCoversAccount(target: RevocationTarget, accountId: string): boolean {
  const ref = parseAccountId(accountId);
  if (!ref || accountHolderKey(ref) !== holderKeyOfTarget(target)) return false;
  return target.type !== 'professional' || target.idp === undefined || ref.idp === target.idp;
}
