// Configuration of e-mail/SMS delivery (outbox) and of the CVR register: its env keys (zod) and the typed config.
import { z } from 'zod';

/** A From header: "Name <address>" or a bare address. */
const mailbox = z
  .string()
  .trim()
  .regex(/^([^<>\r\n]+<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, 'must be an address or "Name <address>"');

/** Merged into the env schema (src/config/schema.ts). */
export const outboxEnvShape = {
  /** How e-mail leaves: `file` (development default, viewer at /dev/outbox), `smtp`, or `none` (kept queued). */
  OUTBOX_TRANSPORT: z.enum(['file', 'smtp', 'none']).optional(),
  /** Where the file outbox writes one JSON file per e-mail or SMS. */
  OUTBOX_DIR: z.string().min(1).default('var/outbox'),
  /** smtp:// or smtps:// URL with credentials, e.g. smtp://user:pass@mail.example.dk:587. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: mailbox.optional(),
  /** How SMS leaves: `file` (development default, in the same outbox) or `none` (no SMS gateway configured). */
  SMS_TRANSPORT: z.enum(['file', 'none']).optional(),
  /** How long a worker's claim on a message lasts; a crashed worker's messages are sent by another after this. */
  OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** Attempts before a message is parked as dead (kept, for an operator to look at). */
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  /** Who may represent which CVR: `fixture` (the world file's cvrRegister section), `http`, or `none`. */
  CVR_REGISTER: z.enum(['fixture', 'http', 'none']).optional(),
  /** The CVR register adapter's endpoint (CVR_REGISTER=http); see src/cvr-register/http-register.ts. */
  CVR_REGISTER_URL: z
    .url()
    .refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL')
    .optional(),
  CVR_REGISTER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
};

type OutboxEnv = z.infer<z.ZodObject<typeof outboxEnvShape>>;

export interface OutboxConfig {
  email: { transport: 'file' | 'none' } | { transport: 'smtp'; url: string; from: string };
  sms: { transport: 'file' | 'none' };
  dir: string;
  leaseMs: number;
  pollIntervalMs: number;
  maxAttempts: number;
}

export type CvrRegisterConfig = { source: 'fixture' | 'none' } | { source: 'http'; url: string; timeoutMs: number };

export const DEV_MAIL_FROM = 'Kontekst (udvikling) <no-reply@localhost>';

/** The outbox and CVR register settings, or the problems naming each bad key. */
export function outboxSettings(
  raw: OutboxEnv,
  production: boolean,
): { outbox: OutboxConfig; cvrRegister: CvrRegisterConfig; problems: string[] } {
  const problems: string[] = [];
  // Outside production the file outbox is the default; production sends by SMTP when configured and otherwise keeps
  // messages queued (never dropped) until it is.
  const emailTransport = raw.OUTBOX_TRANSPORT ?? (raw.SMTP_URL ? 'smtp' : production ? 'none' : 'file');
  const smsTransport = raw.SMS_TRANSPORT ?? (production ? 'none' : 'file');
  const cvrSource = raw.CVR_REGISTER ?? (raw.CVR_REGISTER_URL ? 'http' : production ? 'none' : 'fixture');

  if (production && emailTransport === 'file')
    problems.push('OUTBOX_TRANSPORT: the file outbox is for development; use smtp in production');
  if (production && smsTransport === 'file') problems.push('SMS_TRANSPORT: the file outbox is for development');
  if (emailTransport === 'smtp' && !raw.SMTP_URL) problems.push('SMTP_URL: required with OUTBOX_TRANSPORT=smtp');
  if (production && emailTransport === 'smtp' && !raw.MAIL_FROM) problems.push('MAIL_FROM: required for SMTP in production');
  if (production && cvrSource === 'fixture') problems.push('CVR_REGISTER: the fixture is demo data; use http in production');
  if (cvrSource === 'http' && !raw.CVR_REGISTER_URL) problems.push('CVR_REGISTER_URL: required with CVR_REGISTER=http');

  const email: OutboxConfig['email'] =
    emailTransport === 'smtp'
      ? { transport: 'smtp', url: raw.SMTP_URL ?? '', from: raw.MAIL_FROM ?? DEV_MAIL_FROM }
      : { transport: emailTransport };
  const cvrRegister: CvrRegisterConfig =
    cvrSource === 'http'
      ? { source: 'http', url: raw.CVR_REGISTER_URL ?? '', timeoutMs: raw.CVR_REGISTER_TIMEOUT_MS }
      : { source: cvrSource };
  return {
    outbox: {
      email,
      sms: { transport: smsTransport },
      dir: raw.OUTBOX_DIR,
      leaseMs: raw.OUTBOX_LEASE_SECONDS * 1000,
      pollIntervalMs: raw.OUTBOX_POLL_MS,
      maxAttempts: raw.OUTBOX_MAX_ATTEMPTS,
    },
    cvrRegister,
    problems,
  };
}
