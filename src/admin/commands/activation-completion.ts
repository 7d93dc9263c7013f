// Completing an activation (the activation page's command): private MitID confirms the CPR, or the code is entered; 3 wrong codes lock it.
import type { BusinessUserRecord } from '../../directory/records.ts';
import { organisationScope } from '../../directory/repository.ts';
import { changedFields } from '../audit-diff.ts';
import { audit, commit, loadOrganisation, type AdminDeps } from '../context.ts';
import { AdminError } from '../errors.ts';
import { userOut } from '../views.ts';

const MAX_CODE_TRIES = 3;

export type ActivationProof = { kind: 'private_mitid'; cpr: string } | { kind: 'code'; code: string };

/**
 * The person proves who they are (the CPR of their private MitID login must match the one the user was created with;
 * it is matched by its keyed hash and kept nowhere new) and, where the organisation allows it, accepts using private MitID.
 * A dedicated MitID is issued through the MitIdIssuer port by the activation pages.
 */
export async function completeActivation(
  deps: AdminDeps,
  activationId: string,
  proof: ActivationProof,
  choice: { usePrivateMitId: boolean },
) {
  const before = await findByActivation(deps, activationId);
  const activation = before.activation!;
  if (activation.state !== 'issued') throw new AdminError('invalid_transition', 'this activation can no longer be used');
  const organisation = await loadOrganisation(deps, before.cvr);
  const { version: _version, ...rest } = before;
  const now = deps.now();
  const actor = { kind: 'system' as const, id: 'activation' };
  if (now.toISOString() > activation.expiresAt) {
    await commit(deps, {
      scope: organisationScope(before.cvr),
      changes: [{ kind: 'user', record: { ...rest, activation: { ...activation, state: 'expired' } }, previous: before }],
      audit: audit(deps, actor, 'activations.expire', { type: 'business_user', id: before.uuid }, {}),
      outbox: [],
    });
    throw new AdminError('invalid_transition', 'this activation has expired');
  }
  const proven =
    proof.kind === 'private_mitid'
      ? activation.method === 'private_mitid' &&
        before.identity.kind === 'cpr' &&
        before.identity.cprKey === deps.directory.cprKey(proof.cpr)
      : activation.method === 'code' && activation.codeHash === deps.directory.codeHash(proof.code);
  if (!proven) {
    if (proof.kind === 'code') {
      const failedTries = activation.failedTries + 1;
      const state = failedTries >= MAX_CODE_TRIES ? ('locked' as const) : ('issued' as const);
      await commit(deps, {
        scope: organisationScope(before.cvr),
        changes: [{ kind: 'user', record: { ...rest, activation: { ...activation, failedTries, state } }, previous: before }],
        audit: audit(
          deps,
          actor,
          'activations.wrong_code',
          { type: 'business_user', id: before.uuid },
          { failedTries: { before: activation.failedTries, after: failedTries } },
        ),
        outbox: [],
      });
    }
    throw new AdminError('forbidden', 'the activation could not be confirmed');
  }
  if (choice.usePrivateMitId && !organisation.settings.privateMitIdAllowed)
    throw new AdminError('invalid_transition', 'the organisation does not allow private MitID');
  const after: Omit<BusinessUserRecord, 'version'> = {
    ...rest,
    state: 'active',
    privateMitIdConsent: choice.usePrivateMitId
      ? 'accepted'
      : before.privateMitIdConsent === 'none'
        ? 'declined'
        : before.privateMitIdConsent,
    activation: { ...activation, state: 'used' },
    updatedAt: now.toISOString(),
  };
  await commit(deps, {
    scope: organisationScope(before.cvr),
    changes: [{ kind: 'user', record: after, previous: before }],
    audit: audit(deps, actor, 'activations.complete', { type: 'business_user', id: before.uuid }, changedFields(before, after)),
    outbox: [],
  });
  return userOut({ ...after, version: before.version + 1 });
}

/** The activation link carries only its ID; the directory finds the user holding it open. */
async function findByActivation(deps: AdminDeps, activationId: string): Promise<BusinessUserRecord> {
  const user = await deps.directory.userRecordByActivation(activationId);
  if (!user) throw new AdminError('not_found', 'no such activation');
  return user;
}
