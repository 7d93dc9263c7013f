// Why a context was not offered: stable reason codes and the shape of a refusal entry.

/** Stable codes; relying parties and tests may rely on them, so never rename one. */
export const REFUSAL_REASONS = [
  'dedicated_mitid_cannot_act_privately',
  'client_does_not_accept_private',
  'client_does_not_accept_professional',
  'org_requires_dedicated_mitid',
  'private_mitid_not_accepted_by_user',
  'business_user_not_active',
  'org_not_connected',
  'means_not_allowed_by_org',
  'loa_below_org_requirement',
  'sharing_not_allowed',
  'excluded_by_login_hint',
  'no_business_user_in_org',
] as const;

export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export type RefusalTarget = { type: 'private' } | { type: 'professional'; cvr: string; orgName: string };

export interface NotOffered {
  target: RefusalTarget;
  reason: RefusalReason;
}
