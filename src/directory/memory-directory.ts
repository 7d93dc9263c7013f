// In-memory directory repository for development and tests; stores and returns copies so callers cannot mutate it.
import type { BusinessUser, Organisation } from '../domain/directory.ts';
import type { DirectoryRepository } from './repository.ts';

export class MemoryDirectory implements DirectoryRepository {
  readonly #organisations = new Map<string, Organisation>();
  readonly #businessUsers = new Map<string, BusinessUser>();

  async getOrganisation(cvr: string): Promise<Organisation | undefined> {
    const organisation = this.#organisations.get(cvr);
    return organisation && structuredClone(organisation);
  }

  async listOrganisations(): Promise<Organisation[]> {
    return [...this.#organisations.values()].map((organisation) => structuredClone(organisation));
  }

  async getBusinessUser(uuid: string): Promise<BusinessUser | undefined> {
    const user = this.#businessUsers.get(uuid);
    return user && structuredClone(user);
  }

  async getBusinessUserWithOrganisation(uuid: string): Promise<{ businessUser: BusinessUser; organisation?: Organisation } | undefined> {
    const businessUser = await this.getBusinessUser(uuid);
    return businessUser && { businessUser, organisation: await this.getOrganisation(businessUser.cvr) };
  }

  async findBusinessUsersByPersonCpr(cpr: string): Promise<BusinessUser[]> {
    return this.#usersWhere((user) => user.personCpr !== undefined && user.personCpr === cpr);
  }

  async findBusinessUsersByDedicatedMitId(mitidUuid: string): Promise<BusinessUser[]> {
    return this.#usersWhere((user) => user.dedicatedMitIdUuids.includes(mitidUuid));
  }

  async putOrganisation(organisation: Organisation): Promise<void> {
    this.#organisations.set(organisation.cvr, structuredClone(organisation));
  }

  async putBusinessUser(user: BusinessUser): Promise<void> {
    this.#businessUsers.set(user.uuid, structuredClone(user));
  }

  #usersWhere(predicate: (user: BusinessUser) => boolean): BusinessUser[] {
    return [...this.#businessUsers.values()].filter(predicate).map((user) => structuredClone(user));
  }
}
