// Gathers the directory facts for one MitID login (its candidate business users and their organisations) for the context rules.
import type { DirectoryFacts } from '../contexts/facts.ts';
import type { DirectoryReader } from '../directory/repository.ts';
import type { BusinessUser, Organisation } from '../domain/directory.ts';
import type { MitIdLogin } from '../domain/mitid.ts';

/**
 * A private login reaches business users through the person's CPR; a dedicated user ID reaches the
 * business user it belongs to plus every business user that lists it as shared. Nothing else is
 * fetched, so the facts for a dedicated login never touch the person's private-MitID business users.
 */
export async function directoryFactsFor(reader: DirectoryReader, login: MitIdLogin): Promise<DirectoryFacts> {
  const users =
    login.kind === 'private'
      ? await reader.findBusinessUsersByPersonCpr(login.person.cpr)
      : await dedicatedUsers(reader, login.business.professionalUuid, login.mitidUuid);
  const businessUsers = uniqueByUuid(users).sort((a, b) => compare(a.uuid, b.uuid));
  const cvrs = [...new Set(businessUsers.map((user) => user.cvr))].sort(compare);
  const organisations = (await Promise.all(cvrs.map((cvr) => reader.getOrganisation(cvr)))).filter(
    (organisation): organisation is Organisation => organisation !== undefined,
  );
  return { businessUsers, organisations };
}

async function dedicatedUsers(reader: DirectoryReader, professionalUuid: string, mitidUuid: string): Promise<BusinessUser[]> {
  const [home, shared] = await Promise.all([reader.getBusinessUser(professionalUuid), reader.findBusinessUsersByDedicatedMitId(mitidUuid)]);
  return home ? [home, ...shared] : shared;
}

function uniqueByUuid(users: BusinessUser[]): BusinessUser[] {
  return [...new Map(users.map((user) => [user.uuid, user])).values()];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
