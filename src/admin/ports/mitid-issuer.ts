// The MitID issuing port: MitID Erhverv asks MitID for a dedicated user ID (the built-in simulator implements it).
import { z } from 'zod';
import { MEANS, type Means } from '../../domain/mitid.ts';

/** A MitID user ID as people type it: 4–40 letters, digits, ".", "-" or "_", starting with a letter or digit. */
export const mitIdUserIdSchema = z
  .string()
  .trim()
  .min(4, 'must be at least 4 characters')
  .max(40, 'must be at most 40 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'may contain letters, digits, ".", "-" and "_", starting with a letter or digit');

/** A PIN for a MitID app user: 4–6 digits. */
export const appPinSchema = z.string().regex(/^\d{4,6}$/, 'must be 4–6 digits');

export const issueDedicatedMitIdSchema = z
  .strictObject({
    /** The user ID the person picked; unique across MitID (case-insensitive). */
    userId: mitIdUserIdSchema,
    means: z.enum(MEANS),
    /** E.164 mobile number the SMS verification went to. */
    mobile: z.string().regex(/^\+[1-9]\d{7,14}$/, 'must be an E.164 mobile number, e.g. +4512345678'),
    /** The business user the user ID belongs to: what MitID releases for it (never a CPR). */
    professionalUuid: z.uuid(),
    cvr: z.string().regex(/^\d{8}$/, 'must be 8 digits'),
    givenName: z.string().trim().min(1).max(100),
    familyName: z.string().trim().min(1).max(100),
    /**
     * App only: add the business user to the MitID app the person already has (the app of this MitID
     * identity, usually their private one) instead of a new device. That app then holds several users:
     * each has its own PIN and biometrics are off.
     */
    addToExistingApp: z.strictObject({ mitidUuid: z.uuid() }).optional(),
    /** App only: the business user's PIN; required when added to an existing app. */
    pin: appPinSchema.optional(),
  })
  .refine((request) => request.means === 'app' || (request.addToExistingApp === undefined && request.pin === undefined), {
    message: 'addToExistingApp and pin belong to the app means only',
    path: ['means'],
  })
  .refine((request) => request.addToExistingApp === undefined || request.pin !== undefined, {
    message: 'an app holding several users needs a PIN per user',
    path: ['pin'],
  });

export type IssueDedicatedMitIdRequest = z.input<typeof issueDedicatedMitIdSchema>;

export const MITID_ISSUER_ERROR_CODES = [
  'invalid_request',
  'user_id_taken',
  'existing_app_not_found',
  'existing_app_without_pin',
  'unknown_identity',
  'fixed_identity',
  'not_configured',
] as const;
export type MitIdIssuerErrorCode = (typeof MITID_ISSUER_ERROR_CODES)[number];

/** A refused issuing or blocking; `field` names the request field at fault, when there is one. */
export class MitIdIssuerError extends Error {
  constructor(
    readonly code: MitIdIssuerErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'MitIdIssuerError';
  }
}

export interface MitIdIssuer {
  /** Issues a new dedicated MitID user ID with one means; it can log in at once. */
  issueDedicatedMitId(request: IssueDedicatedMitIdRequest): Promise<{ mitidUuid: string }>;
  /** Blocks one means of a dedicated MitID (final: a new means is issued instead). */
  blockMeans(request: { mitidUuid: string; means: Means }): Promise<void>;
}
