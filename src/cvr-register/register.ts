// The CVR register port: which organisations a management representative (by CPR) may represent, with their names.
import { z } from 'zod';
import { isValidCvr } from '../domain/cvr.ts';

export interface RepresentedOrganisation {
  cvr: string;
  name: string;
  /** The person's role in the company's management as the register names it (e.g. "direktør"). */
  role: string;
}

export interface CvrRegister {
  /** Every organisation the person may represent, by name; an empty list for nobody. Never echoes the CPR. */
  organisationsRepresentedBy(cpr: string): Promise<RepresentedOrganisation[]>;
}

export const cprInputSchema = z.string().regex(/^\d{10}$/, 'must be 10 digits');
export const cvrNumberSchema = z.string().refine(isValidCvr, 'must be a valid CVR number (8 digits, modulus 11)');

export const representedOrganisationSchema = z.strictObject({
  cvr: cvrNumberSchema,
  name: z.string().trim().min(1).max(200),
  role: z.string().trim().min(1).max(100),
}) satisfies z.ZodType<RepresentedOrganisation, unknown>;

export type CvrRegisterErrorCode = 'invalid_cpr' | 'cvr_register_unavailable' | 'cvr_register_not_configured';

export class CvrRegisterError extends Error {
  constructor(
    readonly code: CvrRegisterErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CvrRegisterError';
  }
}

/** Checks the CPR shape before any look-up; the error never carries the value. */
export function validCpr(cpr: string): string {
  if (!cprInputSchema.safeParse(cpr).success) throw new CvrRegisterError('invalid_cpr', 'a CPR number is 10 digits');
  return cpr;
}

/** One order everywhere: by name (Danish collation), then CVR. */
export function byName(a: RepresentedOrganisation, b: RepresentedOrganisation): number {
  return a.name.localeCompare(b.name, 'da') || a.cvr.localeCompare(b.cvr);
}
