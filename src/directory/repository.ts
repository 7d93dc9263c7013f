// The directory repository interface: how Kontekst reads (and seeds) MitID Erhverv facts.
import type { BusinessUser, Organisation } from '../domain/directory.ts';

export interface DirectoryReader {
  getOrganisation(cvr: string): Promise<Organisation | undefined>;
  listOrganisations(): Promise<Organisation[]>;
  getBusinessUser(uuid: string): Promise<BusinessUser | undefined>;
  /** A business user and their organisation in one read: the token and userinfo path needs both. */
  getBusinessUserWithOrganisation(uuid: string): Promise<{ businessUser: BusinessUser; organisation?: Organisation } | undefined>;
  /** Business users linked to a person by CPR (candidates for a private MitID login). */
  findBusinessUsersByPersonCpr(cpr: string): Promise<BusinessUser[]>;
  /** Business users a dedicated MitID user ID is valid for (its own and shared ones). */
  findBusinessUsersByDedicatedMitId(mitidUuid: string): Promise<BusinessUser[]>;
}

export interface DirectoryRepository extends DirectoryReader {
  putOrganisation(organisation: Organisation): Promise<void>;
  putBusinessUser(user: BusinessUser): Promise<void>;
}
