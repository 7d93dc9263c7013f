// Account IDs encode the chosen context; the provider never shows them to relying parties (subjects are pairwise).
import type { ActingContext } from '../domain/context.ts';
import type { Idp } from '../domain/mitid.ts';

export type AccountRef =
  | { type: 'private'; idp: 'mitid'; mitidUuid: string }
  | { type: 'professional'; idp: Idp; businessUserUuid: string };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const PRIVATE_RE = new RegExp(`^private\\.mitid\\.(${UUID})$`, 'i');
const PROFESSIONAL_RE = new RegExp(`^professional\\.(mitid|mitid_erhverv)\\.(${UUID})$`, 'i');

export function formatAccountId(ref: AccountRef): string {
  return ref.type === 'private' ? `private.mitid.${ref.mitidUuid}` : `professional.${ref.idp}.${ref.businessUserUuid}`;
}

export function parseAccountId(accountId: string): AccountRef | undefined {
  const priv = PRIVATE_RE.exec(accountId);
  if (priv) return { type: 'private', idp: 'mitid', mitidUuid: priv[1]! };
  const prof = PROFESSIONAL_RE.exec(accountId);
  if (prof) return { type: 'professional', idp: prof[1] as Idp, businessUserUuid: prof[2]! };
  return undefined;
}

/** The account for a chosen context: private contexts are keyed by the person's MitID, professional ones by the business user. */
export function accountRefFor(context: ActingContext, login: { idp: Idp; mitidUuid: string }): AccountRef {
  return context.type === 'private'
    ? { type: 'private', idp: 'mitid', mitidUuid: login.mitidUuid }
    : { type: 'professional', idp: login.idp, businessUserUuid: context.businessUserUuid };
}

/** Whose account it is, whatever credential logged in: a person (private) or a business user (professional). */
export type AccountHolder = { type: 'private'; mitidUuid: string } | { type: 'professional'; businessUserUuid: string };

/**
 * The holder's key, without the credential (idp): a business user is one holder whether they log in with
 * private or dedicated MitID. Pairwise subjects are derived from it, and live sessions are indexed by it.
 */
export function accountHolderKey(holder: AccountHolder): string {
  return holder.type === 'private' ? `private:${holder.mitidUuid}` : `professional:${holder.businessUserUuid}`;
}

/**
 * The identity the pairwise subject is derived from. The credential (idp) is left out on purpose:
 * a business user keeps one `sub` per sector whether they log in with private or dedicated MitID.
 */
export function subjectSeed(ref: AccountRef): string {
  return accountHolderKey(ref);
}

/** The holder key of a stored account ID; an ID Kontekst did not format is its own holder. */
export function accountHolderKeyOf(accountId: string): string {
  const ref = parseAccountId(accountId);
  return ref ? accountHolderKey(ref) : `account:${accountId}`;
}
