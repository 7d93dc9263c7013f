// The outbox message: what the admin service writes with a change and the delivery worker sends (never a CPR).
import { z } from 'zod';
import { MEANS } from '../domain/mitid.ts';
import type { Lang } from '../http/i18n.ts';

/** The languages Kontekst speaks (see src/http/i18n.ts). */
export const OUTBOX_LANGUAGES = ['da', 'en'] as const satisfies readonly Lang[];

/** Administrator roles of MitID Erhverv, as named in role e-mails. */
export const ADMIN_ROLE_NAMES = ['organisation_administrator', 'user_administrator', 'rights_administrator'] as const;

/**
 * Something that looks like a CPR number (DDMMYY, optional dash, four digits) standing on its own: not inside
 * a longer run of letters and digits such as a UUID or token in a link, which would refuse random ids.
 */
const CPR_LIKE = /(?<![0-9A-Za-z-])(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}-?\d{4}(?![0-9A-Za-z])/;

/** Free text that ends up in a message: bounded, single line, and never carrying a CPR number. */
const text = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\r\n]*$/, 'must be one line')
  .refine((value) => !CPR_LIKE.test(value), 'must not contain a CPR number');

const link = z.url().max(2000).refine((value) => /^https?:\/\//.test(value) && !CPR_LIKE.test(value), 'must be an http(s) link without a CPR number');

const emailRecipient = z.strictObject({ channel: z.literal('email'), address: z.email().max(254), name: text });
const smsRecipient = z.strictObject({
  channel: z.literal('sms'),
  /** E.164, e.g. +4512345678. */
  mobile: z.string().regex(/^\+[1-9]\d{7,14}$/, 'must be an E.164 mobile number, e.g. +4512345678'),
});

const organisation = { organisationName: text, cvr: z.string().regex(/^\d{8}$/, 'must be 8 digits') };

const common = {
  id: z.uuid(),
  language: z.enum(OUTBOX_LANGUAGES),
  /** When the change that wrote the message happened (ISO 8601). */
  createdAt: z.iso.datetime({ offset: true }),
};

/** One schema per kind: its recipient channel and the data its template needs. */
export const outboxMessageSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...common,
    kind: z.literal('setup_link'),
    recipient: emailRecipient,
    data: z.strictObject({ ...organisation, link, expiresAt: z.iso.datetime({ offset: true }) }),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('activation_link'),
    recipient: emailRecipient,
    data: z.strictObject({ ...organisation, link, expiresAt: z.iso.datetime({ offset: true }) }),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('role_granted'),
    recipient: emailRecipient,
    data: z.strictObject({ ...organisation, role: z.enum(ADMIN_ROLE_NAMES) }),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('role_removed'),
    recipient: emailRecipient,
    data: z.strictObject({ ...organisation, role: z.enum(ADMIN_ROLE_NAMES) }),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('means_blocked'),
    recipient: emailRecipient,
    data: z.strictObject({ ...organisation, means: z.enum(MEANS), blockedBy: z.enum(['self', 'administrator']) }),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('user_deactivated'),
    recipient: emailRecipient,
    data: z.strictObject({ ...organisation }),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('sms_verification_code'),
    recipient: smsRecipient,
    data: z.strictObject({ code: z.string().regex(/^\d{6}$/, 'must be 6 digits') }),
  }),
]);

export type OutboxMessage = z.infer<typeof outboxMessageSchema>;
export type OutboxMessageKind = OutboxMessage['kind'];
export type AdminRoleName = (typeof ADMIN_ROLE_NAMES)[number];

/** Every kind, for exhaustive tests and the dev viewer. */
export const OUTBOX_MESSAGE_KINDS = outboxMessageSchema.options.map((option) => option.shape.kind.value);

export class InvalidOutboxMessageError extends Error {
  readonly code = 'invalid_outbox_message';
  constructor(readonly fields: string[]) {
    // Only the field paths: a rejected value may be exactly what must not be repeated (a CPR number).
    super(`invalid outbox message: ${fields.join(', ')}`);
    this.name = 'InvalidOutboxMessageError';
  }
}

/** Validates a message (from a writer or from storage); the error names fields, never values. */
export function parseOutboxMessage(input: unknown): OutboxMessage {
  const parsed = outboxMessageSchema.safeParse(input);
  if (!parsed.success) throw new InvalidOutboxMessageError(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'));
  return parsed.data;
}
