// Self-service connection (tilslutning): a management representative, known by their private MitID, connects an organisation the CVR register lets them represent.
import type { RepresentedOrganisation } from '../../cvr-register/register.ts';
import type { AdminDeps } from '../context.ts';
import { AdminError } from '../errors.ts';
import type { SelfServiceConnectionInput } from '../schemas.ts';
import { connectAs } from './organisations.ts';

/** Who logged in with private MitID: the CPR (matched at the register, never stored in clear) and their name. */
export interface Representative {
  cpr: string;
  givenName: string;
  familyName: string;
}

/** The organisations the register lets this person represent, each marked when it is in the directory already. */
export async function representedOrganisations(
  deps: AdminDeps,
  cpr: string,
): Promise<(RepresentedOrganisation & { connected: boolean })[]> {
  const listed = await deps.cvrRegister.organisationsRepresentedBy(cpr);
  return Promise.all(
    listed.map(async (organisation) => ({
      ...organisation,
      connected: (await deps.directory.organisationRecord(organisation.cvr)) !== undefined,
    })),
  );
}

/**
 * Connects the organisation without settings (its first administrator gets the setup link): only one the register
 * lists for this person, only with the terms accepted. The administrator is the representative or someone they name.
 */
export async function connectBySelfService(deps: AdminDeps, representative: Representative, input: SelfServiceConnectionInput) {
  const organisation = (await deps.cvrRegister.organisationsRepresentedBy(representative.cpr)).find(
    (candidate) => candidate.cvr === input.cvr,
  );
  if (!organisation) throw new AdminError('forbidden', 'the CVR register does not list you for this organisation');
  const administrator =
    input.administrator.kind === 'self'
      ? {
          givenName: representative.givenName,
          familyName: representative.familyName,
          email: input.administrator.email,
          cpr: representative.cpr,
        }
      : {
          givenName: input.administrator.givenName,
          familyName: input.administrator.familyName,
          email: input.administrator.email,
          ...(input.administrator.cpr ? { cpr: input.administrator.cpr } : { birthDate: input.administrator.birthDate! }),
        };
  return connectAs(
    deps,
    { kind: 'system', id: 'self_service' },
    'organisations.connect_self_service',
    { cvr: organisation.cvr, name: organisation.name, administrator },
    undefined,
    {
      representativeRole: { before: null, after: organisation.role },
      termsAccepted: { before: null, after: true },
    },
  );
}
