// Self-service: a business user acts on their own record (ADMIN.md: withdraw private-MitID consent), with no role needed.
import type { Actor, BusinessUserRecord } from '../../directory/records.ts';
import { organisationScope } from '../../directory/repository.ts';
import { endSessions, revocationFor, type AdminDeps, type Principal } from '../context.ts';
import { AdminError } from '../errors.ts';
import { consentTransitionAllowed } from '../rules.ts';
import { write } from './users.ts';

/** The business user behind the principal, active in a connected organisation; anyone else may not act on "themselves". */
async function self(deps: AdminDeps, principal: Principal): Promise<{ user: BusinessUserRecord; actor: Actor }> {
  if (principal.kind !== 'business_user') throw new AdminError('forbidden', 'only a business user acts on their own record');
  const user = await deps.directory.userRecord(principal.uuid);
  const organisation = user && (await deps.directory.organisationRecord(user.cvr));
  if (user?.state !== 'active' || organisation?.state !== 'connected') throw new AdminError('forbidden', 'this business user cannot act');
  return { user, actor: { kind: 'administrator', uuid: user.uuid, cvr: user.cvr, roles: [...user.roles] } };
}

/** Withdrawing private-MitID consent (final) ends the sessions the user logged in to with private MitID. */
export async function withdrawPrivateMitIdConsent(deps: AdminDeps, principal: Principal) {
  const { user: before, actor } = await self(deps, principal);
  if (!consentTransitionAllowed(before.privateMitIdConsent, 'withdrawn'))
    throw new AdminError('invalid_transition', 'there is no accepted consent to withdraw');
  const { version: _version, ...rest } = before;
  const after: Omit<BusinessUserRecord, 'version'> = { ...rest, privateMitIdConsent: 'withdrawn', updatedAt: deps.now().toISOString() };
  const revocation = revocationFor(deps, [{ businessUserUuid: before.uuid, cvr: before.cvr, via: 'private_mitid' }]);
  const answer = await write(deps, actor, 'self.consent.withdraw', before, after, [], revocation);
  return { ...answer, revocation: await endSessions(deps, { scope: organisationScope(before.cvr), revocation }) };
}
