// The context a login acts in: as a private person, or on behalf of one organisation.

export type IdentityType = 'private' | 'professional';
export const IDENTITY_TYPES = ['private', 'professional'] as const satisfies readonly IdentityType[];

export interface PrivateContext {
  type: 'private';
}

export interface ProfessionalContext {
  type: 'professional';
  cvr: string;
  orgName: string;
  /** Persistent professional UUID of the business user acting in this organisation. */
  businessUserUuid: string;
}

export type ActingContext = PrivateContext | ProfessionalContext;

/** A stable, non-identifying key for a context, used in forms and session records. */
export function contextKey(context: ActingContext): string {
  return context.type === 'private' ? 'private' : `professional:cvr:${context.cvr}`;
}
