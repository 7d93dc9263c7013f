// The stored MitID Erhverv records (ADMIN.md): organisations, business users, rights, audit events, outbox messages — zod-validated on every read.
import { z } from 'zod';
import { LOA_LEVELS, MEANS } from '../domain/mitid.ts';
import { cvrSchema } from './world.ts';

export const ORGANISATION_STATES = ['pending_setup', 'connected', 'disconnected'] as const;
export type OrganisationState = (typeof ORGANISATION_STATES)[number];

export const USER_STATES = ['created', 'imported', 'pending_activation', 'active', 'deactivated', 'deleted'] as const;
export type UserState = (typeof USER_STATES)[number];

export const ROLES = ['organisation_administrator', 'user_administrator', 'rights_administrator'] as const;
export type Role = (typeof ROLES)[number];

export const CONSENT_STATES = ['none', 'accepted', 'declined', 'withdrawn'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

export const ACTIVATION_STATES = ['issued', 'used', 'expired', 'revoked', 'locked'] as const;
export type ActivationState = (typeof ACTIVATION_STATES)[number];

const isoTime = z.iso.datetime();
const version = z.number().int().positive();

export const organisationSettingsSchema = z.strictObject({
  privateMitIdAllowed: z.boolean(),
  allowedMeans: z.array(z.enum(MEANS)).min(1),
  sharedMeansAllowed: z.boolean(),
  requiredLoa: z.enum(LOA_LEVELS),
});
export type OrganisationSettings = z.infer<typeof organisationSettingsSchema>;

export const organisationRecordSchema = z.strictObject({
  cvr: cvrSchema,
  name: z.string().min(1),
  state: z.enum(ORGANISATION_STATES),
  settings: organisationSettingsSchema,
  /** A pending_setup organisation whose setup link was never used expires at this time. */
  setupExpiresAt: isoTime.optional(),
  createdAt: isoTime,
  updatedAt: isoTime,
  version,
});
export type OrganisationRecord = z.infer<typeof organisationRecordSchema>;

/**
 * How the person behind a business user is identified. A CPR is kept only as the keyed hash that matches a
 * private MitID login and the masked form `DDMMYY-XXXX`; never in clear. A tombstone keeps neither.
 */
export const personIdentitySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cpr'), cprKey: z.string().min(16), cprMasked: z.string().regex(/^\d{6}-XXXX$/) }),
  z.strictObject({ kind: z.literal('birthdate'), birthDate: z.iso.date() }),
  z.strictObject({ kind: z.literal('erased') }),
]);
export type PersonIdentity = z.infer<typeof personIdentitySchema>;

export const meansRecordSchema = z.strictObject({ type: z.enum(MEANS), state: z.enum(['active', 'blocked']) });

/** A dedicated MitID user ID issued for this business user, with its means. */
export const dedicatedMitIdSchema = z.strictObject({ userId: z.uuid(), means: z.array(meansRecordSchema) });

export const activationSchema = z.strictObject({
  id: z.uuid(),
  method: z.enum(['private_mitid', 'code']),
  state: z.enum(ACTIVATION_STATES),
  /** Keyed hash of the 8-digit code (method `code`); the code itself is shown once and never stored. */
  codeHash: z.string().optional(),
  failedTries: z.number().int().min(0),
  issuedAt: isoTime,
  expiresAt: isoTime,
});
export type Activation = z.infer<typeof activationSchema>;

export const businessUserRecordSchema = z.strictObject({
  uuid: z.uuid(),
  cvr: cvrSchema,
  rid: z
    .string()
    .regex(/^\d{1,12}$/)
    .optional(),
  /** The organisation's own key for the user, from a bulk import of new users (matches the user on a re-import). */
  externalId: z.string().min(1).max(128).optional(),
  givenName: z.string(),
  familyName: z.string(),
  email: z.string().optional(),
  phone: z.string().optional(),
  identity: personIdentitySchema,
  state: z.enum(USER_STATES),
  privateMitIdConsent: z.enum(CONSENT_STATES),
  dedicatedMitIds: z.array(dedicatedMitIdSchema),
  /** The means the user administrator chose for the user's dedicated MitID (issued at activation). */
  chosenMeans: z.array(z.enum(MEANS)),
  /** Dedicated user IDs of other organisations shared into this one (valid only while both allow sharing). */
  sharedMitIds: z.array(z.uuid()),
  roles: z.array(z.enum(ROLES)),
  /** Rights (catalogue URNs) granted in this organisation. */
  rights: z.array(z.string()),
  activation: activationSchema.optional(),
  createdAt: isoTime,
  updatedAt: isoTime,
  version,
});
export type BusinessUserRecord = z.infer<typeof businessUserRecordSchema>;

export const rightRecordSchema = z.strictObject({
  urn: z.string().min(1),
  nameDa: z.string().min(1),
  nameEn: z.string().min(1),
  createdAt: isoTime,
  updatedAt: isoTime,
  version,
});
export type RightRecord = z.infer<typeof rightRecordSchema>;

export const actorSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('operator'), id: z.string() }),
  z.strictObject({ kind: z.literal('administrator'), uuid: z.uuid(), cvr: cvrSchema, roles: z.array(z.enum(ROLES)) }),
  z.strictObject({ kind: z.literal('system'), id: z.string() }),
]);
export type Actor = z.infer<typeof actorSchema>;

const changeValue = z.unknown();
export const auditEventSchema = z.strictObject({
  /** 1-based position in its chain. */
  seq: z.number().int().positive(),
  at: isoTime,
  /** The chain: `org:<cvr>` or `operator`. */
  scope: z.string(),
  actor: actorSchema,
  action: z.string(),
  target: z.strictObject({ type: z.string(), id: z.string() }),
  changes: z.record(z.string(), z.strictObject({ before: changeValue, after: changeValue })),
  result: z.literal('success'),
  /** Hash of the previous event in the chain ('' for the first). */
  prevHash: z.string(),
  /** sha256 over prevHash and this event without `hash` (see audit-chain.ts). */
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;
/** What a command says happened; the store adds seq, prevHash and hash when it writes the event. */
export type AuditDraft = Omit<AuditEvent, 'seq' | 'prevHash' | 'hash' | 'scope'>;

/** Outbox messages are the delivery side's messages (one schema: src/outbox/message.ts), written here with their change. */
export { outboxMessageSchema, type OutboxMessage } from '../outbox/message.ts';

/** Parses a stored record; a record that fails its schema is corruption, never shown half-read. */
export function parseStored<T>(schema: z.ZodType<T>, json: string, what: string): T {
  const parsed = schema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new CorruptRecordError(what, parsed.error.issues.map((issue) => issue.path.join('.')).join(', '));
  return parsed.data;
}

export class CorruptRecordError extends Error {
  readonly code = 'corrupt_record';
  constructor(what: string, paths: string) {
    super(`stored ${what} does not match its schema (${paths})`);
    this.name = 'CorruptRecordError';
  }
}
