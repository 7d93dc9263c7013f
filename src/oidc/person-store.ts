// Keeps the private person's attributes from the last MitID login, so tokens and userinfo can be served later.
import { z } from 'zod';
import type { KeyValueStore } from '../store/kv.ts';

const personSchema = z.object({
  mitidUuid: z.string(),
  cpr: z.string(),
  name: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  birthdate: z.string(),
});
export type PersonSnapshot = z.infer<typeof personSchema>;

/**
 * Private identities have no directory: what MitID said at login is all Kontekst knows. The snapshot lives
 * as long as the longest token that may need it (refresh tokens) and is refreshed on every login.
 */
export class PersonStore {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly ttlSeconds: number,
  ) {}

  async save(person: PersonSnapshot): Promise<void> {
    await this.kv.set(this.#key(person.mitidUuid), JSON.stringify(person), this.ttlSeconds);
  }

  async find(mitidUuid: string): Promise<PersonSnapshot | undefined> {
    const raw = await this.kv.get(this.#key(mitidUuid));
    if (raw === undefined) return undefined;
    const parsed = personSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  }

  #key(mitidUuid: string): string {
    return `person:${mitidUuid}`;
  }
}
