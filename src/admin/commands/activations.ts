// Activation commands: issue, resend (a new link revokes the old), revoke — delivery goes through the outbox.
import type { Means } from '../../domain/mitid.ts';
import type { BusinessUserRecord, OrganisationRecord } from '../../directory/records.ts';
import { authorize, loadOrganisation, loadUser, requireVersion, type AdminDeps, type Principal } from '../context.ts';
import { AdminError } from '../errors.ts';
import { requireUserTransition } from '../rules.ts';
import { messages, newActivation } from '../user-records.ts';
import { write } from './users.ts';

/** Issues the user's activation: created/imported → pending_activation; the code (birth-date users) is answered once. */
export async function issueActivation(deps: AdminDeps, principal: Principal, cvr: string, uuid: string, ifMatch?: number) {
  const actor = await authorize(deps, principal, 'activations.issue', cvr);
  const before = await loadUser(deps, cvr, uuid);
  requireVersion(before, ifMatch);
  const { after, issued } = activationIssued(deps, await loadOrganisation(deps, cvr), before);
  const user = await write(deps, actor, 'activations.issue', before, after, messages(issued.message));
  return issued.code === undefined ? { user } : { user, code: issued.code };
}

/** The user awaiting activation (created/imported → pending_activation), optionally with the means to offer. */
export function activationIssued(deps: AdminDeps, organisation: OrganisationRecord, before: BusinessUserRecord, means?: Means[]) {
  requireUserTransition(before.state, 'pending_activation');
  const issued = newActivation(deps, organisation, before);
  const { version: _version, ...rest } = before;
  const after: Omit<BusinessUserRecord, 'version'> = {
    ...rest,
    state: 'pending_activation',
    activation: issued.activation,
    updatedAt: deps.now().toISOString(),
  };
  if (means !== undefined) after.chosenMeans = means;
  return { after, issued };
}

/** A new link (and code) for a pending user; the previous activation is revoked in the same step. */
export async function resendActivation(deps: AdminDeps, principal: Principal, cvr: string, uuid: string, ifMatch?: number) {
  const actor = await authorize(deps, principal, 'activations.resend', cvr);
  const before = await loadUser(deps, cvr, uuid);
  requireVersion(before, ifMatch);
  if (before.state !== 'pending_activation')
    throw new AdminError('invalid_transition', 'only a user awaiting activation can get a new link');
  const issued = newActivation(deps, await loadOrganisation(deps, cvr), before);
  const { version: _version, ...rest } = before;
  const after: Omit<BusinessUserRecord, 'version'> = { ...rest, activation: issued.activation, updatedAt: deps.now().toISOString() };
  const user = await write(deps, actor, 'activations.resend', before, after, messages(issued.message));
  return issued.code === undefined ? { user } : { user, code: issued.code };
}

export async function revokeActivation(deps: AdminDeps, principal: Principal, cvr: string, uuid: string, ifMatch?: number) {
  const actor = await authorize(deps, principal, 'activations.revoke', cvr);
  const before = await loadUser(deps, cvr, uuid);
  requireVersion(before, ifMatch);
  if (before.activation?.state !== 'issued') throw new AdminError('invalid_transition', 'the user has no open activation');
  const { version: _version, ...rest } = before;
  const after: Omit<BusinessUserRecord, 'version'> = {
    ...rest,
    activation: { ...before.activation, state: 'revoked' },
    updatedAt: deps.now().toISOString(),
  };
  return { user: await write(deps, actor, 'activations.revoke', before, after, []) };
}
