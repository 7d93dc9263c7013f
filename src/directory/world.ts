// Loads the MitID Erhverv directory (organisations, business users) from a world file, validated with zod.
import { z } from 'zod';
import { readJsonFile } from '../config/json-file.ts';
import { StartupError, zodProblem } from '../config/startup-error.ts';
import { isValidCvr } from '../domain/cvr.ts';
import type { BusinessUser, Organisation } from '../domain/directory.ts';
import { LOA_LEVELS, MEANS } from '../domain/mitid.ts';

export const WORLD_ROLES = ['organisation_administrator', 'user_administrator', 'rights_administrator'] as const;

/** A world entry: the domain view plus what only an import needs (birth date, administrator roles). */
export interface WorldBusinessUser extends BusinessUser {
  birthDate?: string;
  roles?: (typeof WORLD_ROLES)[number][];
}

export interface WorldRight {
  urn: string;
  nameDa: string;
  nameEn: string;
}

export interface DirectoryWorld {
  organisations: Organisation[];
  businessUsers: WorldBusinessUser[];
  /** The rights catalogue; rights users hold that it does not list are imported with their URN as name. */
  rights?: WorldRight[];
}

// Messages never include the offending value: a bad entry may hold a CPR number.
export const cvrSchema = z.string().refine(isValidCvr, 'must be a valid CVR number (8 digits, modulus 11)');
export const cprSchema = z.string().regex(/^\d{10}$/, 'must be 10 digits');
export const mitIdUuidSchema = z.uuid('must be a UUID');

export const privilegeSchema = z.strictObject({
  cvr: cvrSchema,
  privileges: z.array(z.string().min(1)).default([]),
});

export const organisationSchema = z.strictObject({
  cvr: cvrSchema,
  name: z.string().trim().min(1),
  privateMitIdAllowed: z.boolean(),
  allowedMeans: z.array(z.enum(MEANS)).min(1, 'must allow at least one identification means'),
  sharedMeansAllowed: z.boolean(),
  requiredLoa: z.enum(LOA_LEVELS).default('substantial'),
  status: z.enum(['connected', 'disconnected']).default('connected'),
}) satisfies z.ZodType<Organisation, unknown>;

export const businessUserSchema = z.strictObject({
  uuid: mitIdUuidSchema,
  cvr: cvrSchema,
  rid: z.string().regex(/^\d{1,12}$/, 'must be digits').optional(),
  name: z.string().trim().min(1),
  givenName: z.string().trim().min(1),
  familyName: z.string().trim().min(1),
  email: z.email('must be an email address').optional(),
  personCpr: cprSchema.optional(),
  birthDate: z.iso.date('must be a date (YYYY-MM-DD)').optional(),
  roles: z.array(z.enum(WORLD_ROLES)).optional(),
  acceptedPrivateMitId: z.boolean().default(false),
  status: z.enum(['active', 'pending', 'blocked', 'deleted']).default('active'),
  dedicatedMitIdUuids: z.array(mitIdUuidSchema).default([]),
  privileges: z.array(privilegeSchema).default([]),
})
  .refine((user) => (user.personCpr === undefined) !== (user.birthDate === undefined), {
    message: 'give exactly one of personCpr and birthDate',
    path: ['birthDate'],
  }) satisfies z.ZodType<WorldBusinessUser, unknown>;

/** The `directory` section: entries valid one by one, and consistent with each other. */
export const directoryWorldSchema = z
  .strictObject({
    organisations: z.array(organisationSchema),
    businessUsers: z.array(businessUserSchema).default([]),
    rights: z.array(z.strictObject({ urn: z.string().min(1), nameDa: z.string().min(1), nameEn: z.string().min(1) })).optional(),
  })
  .superRefine((world, ctx) => {
    const firstOrg = new Map<string, number>();
    world.organisations.forEach((org, i) => {
      const first = firstOrg.get(org.cvr);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['organisations', i, 'cvr'], message: `duplicate of organisations[${first}].cvr` });
      } else firstOrg.set(org.cvr, i);
    });
    const firstUser = new Map<string, number>();
    world.businessUsers.forEach((user, i) => {
      const first = firstUser.get(user.uuid);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['businessUsers', i, 'uuid'], message: `duplicate of businessUsers[${first}].uuid` });
      } else firstUser.set(user.uuid, i);
      if (!firstOrg.has(user.cvr)) {
        ctx.addIssue({ code: 'custom', path: ['businessUsers', i, 'cvr'], message: 'names no organisation in the directory' });
      }
    });
  }) satisfies z.ZodType<DirectoryWorld, unknown>;

const worldFileSchema = z.object({ directory: directoryWorldSchema });

export class DirectoryWorldError extends StartupError {
  readonly code = 'invalid_directory_world';
  override name = 'DirectoryWorldError';
}

const WHAT = 'directory (organisations, business users)';

/** Validates a parsed world document (the whole file, whose `directory` section is read). */
export function parseDirectoryWorld(document: unknown, source = 'world'): DirectoryWorld {
  const result = worldFileSchema.safeParse(document);
  if (!result.success) throw new DirectoryWorldError([zodProblem(source, result.error, `invalid ${WHAT}`)]);
  return result.data.directory;
}

export async function loadDirectoryWorld(worldFile: string): Promise<DirectoryWorld> {
  return (await readJsonFile(worldFile, worldFileSchema, { what: WHAT, error: DirectoryWorldError })).directory;
}
