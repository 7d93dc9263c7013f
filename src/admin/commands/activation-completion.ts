// Completing an activation (the activation page's commands): private MitID confirms the CPR, or the code is entered; 3 wrong codes lock it.
import type { Means } from '../../domain/mitid.ts';
import type { BusinessUserRecord, OrganisationRecord } from '../../directory/records.ts';
import { organisationScope } from '../../directory/repository.ts';
import { changedFields } from '../audit-diff.ts';
import { audit, commit, loadOrganisation, type AdminDeps } from '../context.ts';
import { AdminError } from '../errors.ts';
import { MitIdIssuerError, type IssueDedicatedMitIdRequest } from '../ports.ts';
import { userOut } from '../views.ts';

const MAX_CODE_TRIES = 3;
const SYSTEM_ACTOR = { kind: 'system' as const, id: 'activation' };

export type ActivationProof = { kind: 'private_mitid'; cpr: string } | { kind: 'code'; code: string };

/** What the person asks for: accept private MitID, or a dedicated MitID issued through the MitIdIssuer port. */
export type ActivationChoice =
  | { usePrivateMitId: true }
  | { usePrivateMitId: false; dedicated?: Omit<IssueDedicatedMitIdRequest, 'professionalUuid' | 'cvr' | 'givenName' | 'familyName'> };

/** What the activation page may show before the person has proven anything: no personal data. */
export interface ActivationSummary {
  method: 'private_mitid' | 'code';
  state: 'issued' | 'used' | 'expired' | 'revoked' | 'locked';
  organisationName: string;
  /** The link opens the setup wizard first: the organisation waits for its first administrator. */
  setup: boolean;
  /** Wrong codes the person may still type before the activation locks. */
  codeTriesLeft: number;
}

/** The activation page's first look: which proof it asks for; an expired link reads as expired. */
export async function readActivation(deps: AdminDeps, activationId: string): Promise<ActivationSummary> {
  const user = await findByActivation(deps, activationId);
  const organisation = await loadOrganisation(deps, user.cvr);
  const activation = user.activation!;
  const expired = activation.state === 'issued' && deps.now().toISOString() > activation.expiresAt;
  return {
    method: activation.method,
    state: expired ? 'expired' : activation.state,
    organisationName: organisation.name,
    setup: organisation.state === 'pending_setup' && user.roles.includes('organisation_administrator'),
    codeTriesLeft: Math.max(0, MAX_CODE_TRIES - activation.failedTries),
  };
}

/**
 * The person proves who they are (the CPR of their private MitID login must match the one the user was created with;
 * it is matched by its keyed hash and kept nowhere new), or enters the code. A wrong code counts; the third locks the
 * activation. A CPR mismatch changes nothing. Answers what the next pages need to offer.
 */
export async function verifyActivation(deps: AdminDeps, activationId: string, proof: ActivationProof) {
  const { before, organisation } = await proveActivation(deps, activationId, proof);
  return {
    givenName: before.givenName,
    organisationName: organisation.name,
    privateMitIdAllowed: organisation.settings.privateMitIdAllowed,
    /** The means the person may pick for a dedicated MitID: the administrator's choice within what the organisation allows. */
    offeredMeans: offeredMeansOf(before, organisation),
  };
}

/** Proves again (the pages keep the proof, never a verdict), then activates: consent recorded or a dedicated MitID issued. */
export async function completeActivation(deps: AdminDeps, activationId: string, proof: ActivationProof, choice: ActivationChoice) {
  const { before, organisation } = await proveActivation(deps, activationId, proof);
  const activation = before.activation!;
  if (choice.usePrivateMitId && !organisation.settings.privateMitIdAllowed)
    throw new AdminError('invalid_transition', 'the organisation does not allow private MitID');
  const dedicatedMitIds = [...before.dedicatedMitIds];
  if (!choice.usePrivateMitId && choice.dedicated) {
    const { means } = choice.dedicated;
    if (!offeredMeansOf(before, organisation).includes(means))
      throw new AdminError('means_not_allowed', 'the organisation does not offer this means', 'means');
    const issued = await deps.mitid
      .issueDedicatedMitId({
        ...choice.dedicated,
        professionalUuid: before.uuid,
        cvr: before.cvr,
        givenName: before.givenName,
        familyName: before.familyName,
      })
      .catch((error: unknown) => {
        if (error instanceof MitIdIssuerError && error.code === 'user_id_taken')
          throw new AdminError('already_exists', 'the user ID is taken', 'userId');
        if (error instanceof MitIdIssuerError && error.code !== 'not_configured')
          throw new AdminError('invalid_input', error.message, error.field);
        throw error;
      });
    dedicatedMitIds.push({ userId: issued.mitidUuid, means: [{ type: means as Means, state: 'active' }] });
  }
  const { version: _version, ...rest } = before;
  const after: Omit<BusinessUserRecord, 'version'> = {
    ...rest,
    state: 'active',
    dedicatedMitIds,
    privateMitIdConsent: choice.usePrivateMitId
      ? 'accepted'
      : before.privateMitIdConsent === 'none'
        ? 'declined'
        : before.privateMitIdConsent,
    activation: { ...activation, state: 'used' },
    updatedAt: deps.now().toISOString(),
  };
  await commit(deps, {
    scope: organisationScope(before.cvr),
    changes: [{ kind: 'user', record: after, previous: before }],
    audit: audit(deps, SYSTEM_ACTOR, 'activations.complete', { type: 'business_user', id: before.uuid }, changedFields(before, after)),
    outbox: [],
  });
  return userOut({ ...after, version: before.version + 1 });
}

/** Shared with the setup wizard's command: the same proof opens the setup link. */
export async function proveActivation(
  deps: AdminDeps,
  activationId: string,
  proof: ActivationProof,
): Promise<{ before: BusinessUserRecord; organisation: OrganisationRecord }> {
  const before = await findByActivation(deps, activationId);
  const activation = before.activation!;
  if (activation.state !== 'issued') throw new AdminError('invalid_transition', 'this activation can no longer be used');
  const organisation = await loadOrganisation(deps, before.cvr);
  const { version: _version, ...rest } = before;
  if (deps.now().toISOString() > activation.expiresAt) {
    await commit(deps, {
      scope: organisationScope(before.cvr),
      changes: [{ kind: 'user', record: { ...rest, activation: { ...activation, state: 'expired' } }, previous: before }],
      audit: audit(deps, SYSTEM_ACTOR, 'activations.expire', { type: 'business_user', id: before.uuid }, {}),
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
    if (proof.kind === 'code' && activation.method === 'code') {
      const failedTries = activation.failedTries + 1;
      const state = failedTries >= MAX_CODE_TRIES ? ('locked' as const) : ('issued' as const);
      await commit(deps, {
        scope: organisationScope(before.cvr),
        changes: [{ kind: 'user', record: { ...rest, activation: { ...activation, failedTries, state } }, previous: before }],
        audit: audit(
          deps,
          SYSTEM_ACTOR,
          'activations.wrong_code',
          { type: 'business_user', id: before.uuid },
          { failedTries: { before: activation.failedTries, after: failedTries } },
        ),
        outbox: [],
      });
    }
    throw new AdminError('forbidden', 'the activation could not be confirmed');
  }
  return { before, organisation };
}

function offeredMeansOf(user: BusinessUserRecord, organisation: OrganisationRecord): Means[] {
  const allowed = organisation.settings.allowedMeans;
  const chosen = user.chosenMeans.filter((means) => allowed.includes(means));
  return chosen.length > 0 ? chosen : [...allowed];
}

/** The activation link carries only its ID; the directory finds the user holding it open. */
async function findByActivation(deps: AdminDeps, activationId: string): Promise<BusinessUserRecord> {
  const user = await deps.directory.userRecordByActivation(activationId);
  if (!user) throw new AdminError('not_found', 'no such activation');
  return user;
}
