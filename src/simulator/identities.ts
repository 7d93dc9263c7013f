// The simulator's MitID test identities: zod schema of the world file's `mitid` section, loader and look-ups.
import { z } from 'zod';
import { readJsonFile } from '../config/json-file.ts';
import { MEANS } from '../domain/mitid.ts';

const meansSchema = z
  .object({
    type: z.enum(MEANS),
    status: z.enum(['active', 'blocked']).default('active'),
    /** App only: the phone holding the app; several user IDs on one device share the app. */
    device: z.string().min(1).optional(),
    /** App only: this user's PIN, needed when the app holds several users. */
    pin: z.string().regex(/^\d{4,6}$/, 'must be 4–6 digits').optional(),
  })
  .strict()
  .refine((means) => means.type === 'app' || (means.device === undefined && means.pin === undefined), {
    message: 'device and pin belong to app means only',
  });

const privateIdentitySchema = z
  .object({
    userId: z.string().min(1),
    kind: z.literal('private'),
    uuid: z.uuid(),
    person: z
      .object({
        cpr: z.string().regex(/^\d{10}$/, 'must be 10 digits'),
        name: z.string().min(1),
        givenName: z.string().min(1),
        familyName: z.string().min(1),
        birthdate: z.iso.date(),
      })
      .strict(),
    means: z.array(meansSchema).min(1),
  })
  .strict();

const dedicatedIdentitySchema = z
  .object({
    userId: z.string().min(1),
    kind: z.literal('dedicated'),
    uuid: z.uuid(),
    business: z
      .object({
        professionalUuid: z.uuid(),
        cvr: z.string().regex(/^\d{8}$/, 'must be 8 digits'),
        name: z.string().min(1),
      })
      .strict(),
    means: z.array(meansSchema).min(1),
  })
  .strict();

export const identitySchema = z.discriminatedUnion('kind', [privateIdentitySchema, dedicatedIdentitySchema]);

export type SimulatorIdentity = z.infer<typeof identitySchema>;
export type SimulatorMeans = z.infer<typeof meansSchema>;

/** The `mitid` section of the world file, with the cross-identity rules the per-identity schema cannot see. */
export const identitiesSchema = z
  .array(identitySchema)
  .min(1)
  .superRefine((identities, ctx) => {
    const seen = new Map<string, string>();
    identities.forEach((identity, index) => {
      for (const key of [`user:${identity.userId.toLowerCase()}`, `uuid:${identity.uuid}`]) {
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [index], message: `duplicate ${key}` });
        seen.set(key, identity.userId);
      }
      identity.means.forEach((means, meansIndex) => {
        if (means.type === 'app' && sharesApp(identities, identity, means) && !means.pin) {
          ctx.addIssue({ code: 'custom', path: [index, 'means', meansIndex, 'pin'], message: 'a shared app needs a PIN per user' });
        }
      });
    });
  });

const worldFileSchema = z.object({ mitid: z.object({ identities: identitiesSchema }) });

/** Reads and validates the `mitid.identities` section of a world file (e.g. config/demo-world.json). */
export async function loadSimulatorIdentities(worldFile: string): Promise<SimulatorIdentity[]> {
  return (await readJsonFile(worldFile, worldFileSchema, { what: 'MitID identities' })).mitid.identities;
}

/** True when another identity has an app means on the same device: then PIN per user, no biometrics. */
export function sharesApp(identities: readonly SimulatorIdentity[], identity: SimulatorIdentity, means: SimulatorMeans): boolean {
  if (means.type !== 'app' || means.device === undefined) return false;
  return identities.some(
    (other) => other.uuid !== identity.uuid && other.means.some((m) => m.type === 'app' && m.device === means.device),
  );
}

/** Case-insensitive look-ups over the fixed list of identities (the world file's); see identity-registry.ts for the rest. */
export class IdentityDirectory {
  readonly #byUserId = new Map<string, SimulatorIdentity>();
  readonly #byUuid = new Map<string, SimulatorIdentity>();

  readonly identities: readonly SimulatorIdentity[];

  constructor(identities: readonly SimulatorIdentity[]) {
    // Parsed again so that identities built in code (tests) obey the same rules as the world file.
    this.identities = identitiesSchema.parse(identities);
    for (const identity of this.identities) {
      this.#byUserId.set(identity.userId.toLowerCase(), identity);
      this.#byUuid.set(identity.uuid, identity);
    }
  }

  byUserId(userId: string): SimulatorIdentity | undefined {
    return this.#byUserId.get(userId.trim().toLowerCase());
  }

  byUuid(uuid: string): SimulatorIdentity | undefined {
    return this.#byUuid.get(uuid);
  }
}
