// zod schemas of the admin API's bodies, parameters, queries and answers; they validate requests and generate the OpenAPI document.
import 'zod-openapi';
import { z } from 'zod';
import { LOA_LEVELS, MEANS } from '../domain/mitid.ts';
import { ACTIVATION_STATES, CONSENT_STATES, ORGANISATION_STATES, ROLES, USER_STATES } from '../directory/records.ts';
import { cprSchema, cvrSchema } from '../directory/world.ts';

const name = z.string().trim().min(1).max(200);
const email = z.email().max(254);
const phone = z.string().regex(/^\+?[0-9 ]{6,20}$/, 'must be a phone number');
const birthDate = z.iso.date();
const urn = z.string().regex(/^urn:[a-z0-9][a-z0-9-]{0,31}:[\x21-\x7e]{1,300}$/i, 'must be a URN');

export const settingsSchema = z
  .strictObject({
    privateMitIdAllowed: z.boolean(),
    allowedMeans: z.array(z.enum(MEANS)).min(1).max(MEANS.length),
    sharedMeansAllowed: z.boolean(),
    requiredLoa: z.enum(LOA_LEVELS),
  })
  .meta({ id: 'OrganisationSettings' });

export const settingsPatchSchema = settingsSchema.partial().meta({ id: 'OrganisationSettingsPatch' });

/** The setup wizard's answers (setup link): the settings, the preferred means and the administrator's contact details. */
export const organisationSetupSchema = z.strictObject({
  privateMitIdAllowed: z.boolean(),
  allowedMeans: z.array(z.enum(MEANS)).min(1).max(MEANS.length),
  preferredMeans: z.enum(MEANS),
  sharedMeansAllowed: z.boolean(),
  email,
  phone: phone.optional(),
});
export type OrganisationSetupInput = z.infer<typeof organisationSetupSchema>;

/** A person: exactly one of CPR and birth date (checked by the rules so the error names the field). */
const personFields = {
  givenName: name,
  familyName: name,
  email,
  phone: phone.optional(),
  cpr: cprSchema.optional(),
  birthDate: birthDate.optional(),
};

export const connectOrganisationSchema = z
  .strictObject({
    cvr: cvrSchema,
    name,
    /** Settings chosen now connect the organisation at once; without them it waits for its setup wizard. */
    settings: settingsSchema.optional(),
    administrator: z.strictObject(personFields),
  })
  .meta({ id: 'ConnectOrganisation' });

export const createUserSchema = z
  .strictObject({
    ...personFields,
    rid: z
      .string()
      .regex(/^\d{1,12}$/)
      .optional(),
    means: z.array(z.enum(MEANS)).max(MEANS.length).optional(),
  })
  .meta({ id: 'CreateBusinessUser' });

export const updateUserSchema = z
  .strictObject({
    givenName: name.optional(),
    familyName: name.optional(),
    email: email.optional(),
    phone: phone.nullable().optional(),
    means: z.array(z.enum(MEANS)).max(MEANS.length).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'give at least one field')
  .meta({ id: 'UpdateBusinessUser' });

export const roleBodySchema = z.strictObject({ role: z.enum(ROLES) }).meta({ id: 'RoleGrant' });
export const rightBodySchema = z.strictObject({ urn, nameDa: name, nameEn: name }).meta({ id: 'CatalogueRight' });
export const assignRightSchema = z.strictObject({ urn }).meta({ id: 'RightAssignment' });

export const cvrParams = z.strictObject({ cvr: cvrSchema });
export const userParams = z.strictObject({ cvr: cvrSchema, uuid: z.uuid() });
export const roleParams = userParams.extend({ role: z.enum(ROLES) });
export const rightParams = userParams.extend({ urn });
export const meansParams = userParams.extend({ userId: z.uuid(), means: z.enum(MEANS) });

const limit = z.coerce.number().int().min(1).max(200).default(50);
const cursor = z.string().max(200).optional();
export const userListQuery = z.strictObject({ state: z.enum(USER_STATES).optional(), cursor, limit });
export const auditListQuery = z.strictObject({
  cursor: z
    .string()
    .regex(/^\d{1,10}$/)
    .optional(),
  limit,
});
export const auditScopeParams = z.strictObject({ scope: z.union([z.literal('operator'), cvrSchema]) });

// ---- answers ----

export const organisationAnswer = z
  .object({
    cvr: z.string(),
    name: z.string(),
    state: z.enum(ORGANISATION_STATES),
    settings: settingsSchema,
    setupExpiresAt: z.string().optional(),
    version: z.number(),
  })
  .meta({ id: 'Organisation' });

export const userAnswer = z
  .object({
    uuid: z.string(),
    cvr: z.string(),
    rid: z.string().optional(),
    givenName: z.string(),
    familyName: z.string(),
    email: z.string().optional(),
    phone: z.string().optional(),
    /** `DDMMYY-XXXX` when the user was created with a CPR; the CPR itself is never returned. */
    cprMasked: z.string().optional(),
    birthDate: z.string().optional(),
    state: z.enum(USER_STATES),
    privateMitIdConsent: z.enum(CONSENT_STATES),
    roles: z.array(z.enum(ROLES)),
    rights: z.array(z.string()),
    chosenMeans: z.array(z.enum(MEANS)),
    activation: z.object({ id: z.string(), method: z.string(), state: z.enum(ACTIVATION_STATES), expiresAt: z.string() }).optional(),
    version: z.number(),
  })
  .meta({ id: 'BusinessUser' });

/** What a change that ends sessions did at once (issue 13); a process that dies first leaves it to the others, uncounted here. */
export const revocationAnswer = z
  .object({
    sessionsEnded: z.number().int().min(0).describe('live sessions (or, on role removal, admin-console session parts) ended'),
    relyingPartiesNotified: z
      .number()
      .int()
      .min(0)
      .describe('back-channel logout tokens a relying party accepted; failed ones are retried in the background'),
  })
  .meta({ id: 'Revocation' });
/** A user change that may end sessions (deactivate, delete, block a means, revoke a role). */
export const userChangeAnswer = userAnswer.extend({ revocation: revocationAnswer.optional() }).meta({ id: 'BusinessUserChange' });
/** An organisation change that may end sessions (narrowed settings, disconnect). */
export const organisationChangeAnswer = organisationAnswer
  .extend({ revocation: revocationAnswer.optional() })
  .meta({ id: 'OrganisationChange' });

export const userPageAnswer = z.object({ items: z.array(userAnswer), nextCursor: z.string().optional() }).meta({ id: 'BusinessUserPage' });
export const activationAnswer = z
  .object({ user: userAnswer, code: z.string().optional().describe('the 8-digit activation code, shown this once (birth-date users)') })
  .meta({ id: 'ActivationIssued' });
export const connectAnswer = z
  .object({ organisation: organisationAnswer, administrator: userAnswer, code: z.string().optional() })
  .meta({ id: 'OrganisationConnected' });
export const meansAnswer = z
  .object({
    dedicatedMitIds: z.array(
      z.object({ userId: z.string(), means: z.array(z.object({ type: z.enum(MEANS), state: z.enum(['active', 'blocked']) })) }),
    ),
    sharedMitIds: z.array(z.string()),
  })
  .meta({ id: 'Means' });
export const rightAnswer = z.object({ urn: z.string(), nameDa: z.string(), nameEn: z.string(), version: z.number() }).meta({ id: 'Right' });
export const auditEventAnswer = z
  .object({
    seq: z.number(),
    at: z.string(),
    scope: z.string(),
    action: z.string(),
    actor: z.unknown(),
    target: z.unknown(),
    changes: z.unknown(),
    result: z.string(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'AuditEvent' });
export const auditPageAnswer = z
  .object({ items: z.array(auditEventAnswer), nextCursor: z.string().optional() })
  .meta({ id: 'AuditEventPage' });
export const problemAnswer = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    code: z.string(),
    field: z.string().optional(),
    report: z.unknown().optional().meta({ description: 'import_refused: the dry-run report (codes only)' }),
  })
  .meta({ id: 'Problem' });

export type ConnectOrganisationInput = z.infer<typeof connectOrganisationSchema>;
export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
export type RightInput = z.infer<typeof rightBodySchema>;
