// The setup link's wizard (first organisation administrator): after the same proof as an activation, the settings connect the organisation.
import type { BusinessUserRecord, OrganisationRecord } from '../../directory/records.ts';
import { organisationScope } from '../../directory/repository.ts';
import { changedFields } from '../audit-diff.ts';
import { audit, commit, type AdminDeps } from '../context.ts';
import { AdminError } from '../errors.ts';
import type { OrganisationSetupInput } from '../schemas.ts';
import { organisationOut } from '../views.ts';
import { proveActivation, type ActivationProof } from './activation-completion.ts';

/**
 * The named administrator confirms the wizard: the organisation becomes `connected` with their settings (the preferred
 * means first among the allowed ones) and their contact details are kept on their own business user, which holds the
 * organisation-administrator role. Their activation stays open: they pick private MitID or a dedicated one next.
 */
export async function completeOrganisationSetup(
  deps: AdminDeps,
  activationId: string,
  proof: ActivationProof,
  input: OrganisationSetupInput,
) {
  const { before: administrator, organisation } = await proveActivation(deps, activationId, proof);
  if (organisation.state !== 'pending_setup' || !administrator.roles.includes('organisation_administrator')) {
    throw new AdminError('invalid_transition', 'this link does not set up an organisation');
  }
  if (organisation.setupExpiresAt && deps.now().toISOString() > organisation.setupExpiresAt)
    throw new AdminError('invalid_transition', 'the setup link has expired');
  if (!input.allowedMeans.includes(input.preferredMeans))
    throw new AdminError('means_not_allowed', 'the preferred means must be one of the allowed means', 'preferredMeans');
  const now = deps.now().toISOString();
  const settings = {
    ...organisation.settings,
    privateMitIdAllowed: input.privateMitIdAllowed,
    // The preferred means leads: it is what new users are offered first.
    allowedMeans: [input.preferredMeans, ...input.allowedMeans.filter((means) => means !== input.preferredMeans)],
    sharedMeansAllowed: input.sharedMeansAllowed,
  };
  const { version: _orgVersion, setupExpiresAt: _expires, ...organisationRest } = organisation;
  const connected: Omit<OrganisationRecord, 'version'> = { ...organisationRest, settings, state: 'connected', updatedAt: now };
  const { version: _userVersion, ...administratorRest } = administrator;
  const contact: Omit<BusinessUserRecord, 'version'> = { ...administratorRest, email: input.email, updatedAt: now };
  if (input.phone) contact.phone = input.phone;
  await commit(deps, {
    scope: organisationScope(organisation.cvr),
    changes: [
      { kind: 'organisation', record: connected, previous: organisation },
      { kind: 'user', record: contact, previous: administrator },
    ],
    audit: audit(
      deps,
      { kind: 'administrator', uuid: administrator.uuid, cvr: administrator.cvr, roles: [...administrator.roles] },
      'organisations.setup',
      { type: 'organisation', id: organisation.cvr },
      {
        ...changedFields(organisation.settings, settings),
        state: { before: organisation.state, after: 'connected' },
      },
    ),
    outbox: [],
  });
  return organisationOut({ ...connected, version: organisation.version + 1 });
}
