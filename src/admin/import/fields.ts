// zod schemas of single import cells: each refuses with a stable RowErrorCode as its message, never echoing the value.
import { z } from 'zod';
import { calendarDate, isPlausibleCpr, normaliseCpr } from '../../domain/cpr.ts';
import { isValidCvr } from '../../domain/cvr.ts';
import type { Role } from '../../directory/records.ts';
import { assignRightSchema } from '../schemas.ts';
import { parseAdministratorRole } from './administrator-roles.ts';
import type { RowErrorCode } from './codes.ts';

const fail = (code: RowErrorCode) => ({ error: code });

/** Trimmed cell text; an empty cell is the `required` refusal. */
const present = z.string().transform((cell) => cell.trim()).pipe(z.string().min(1, fail('required')));

const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

/** Letters (any script, with accents), then letters, spaces, hyphens, apostrophes and full stops: "Anne-Mette", "O'Brien", "Jr.". */
const NAME = /^\p{L}[\p{L}\p{M} '’.\-]*$/u;

/** A given or family name: 1–100 characters after trimming and collapsing spaces; never a formula or markup. */
export const nameCell = present
  .transform((name) => name.normalize('NFC').replace(/\s+/g, ' '))
  .pipe(z.string().max(100, fail('invalid_name')).regex(NAME, fail('invalid_name')));

/** A work e-mail, lower-cased (matching ignores case). */
export const emailCell = present.transform((email) => email.toLowerCase()).pipe(z.email(fail('invalid_email')).max(254, fail('invalid_email')));

/** 10 digits (DDMMYY-SSSS allowed) whose date part is a real past date; kept as 10 digits. */
export const cprCell = (today: Date) =>
  present.refine((cpr) => /^\d{6}-?\d{4}$/.test(cpr) && isPlausibleCpr(cpr, today), fail('invalid_cpr')).transform(normaliseCpr);

/** A birth date as YYYY-MM-DD, DD-MM-YYYY, DD.MM.YYYY or DD/MM/YYYY: a real date from 1900 on, not in the future; kept as YYYY-MM-DD. */
export const birthDateCell = (today: Date) =>
  present.transform((cell, ctx) => {
    const date = parseBirthDate(cell);
    if (!date || date.getUTCFullYear() < 1900 || date.getTime() > today.getTime()) {
      ctx.addIssue({ code: 'custom', message: 'invalid_birth_date' satisfies RowErrorCode });
      return z.NEVER;
    }
    return date.toISOString().slice(0, 10);
  });

function parseBirthDate(cell: string): Date | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(cell);
  if (iso) return calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const danish = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/.exec(cell);
  if (danish) return calendarDate(Number(danish[3]), Number(danish[2]), Number(danish[1]));
  return undefined;
}

/** An RID: digits, or the certificate form `CVR:<cvr>-RID:<digits>` (its CVR is checked against the target by the row). */
export const ridCell = present.transform((cell, ctx) => {
  const match = /^(?:CVR:(\d{8})-RID:)?(\d{1,12})$/i.exec(cell.replace(/\s+/g, ''));
  if (!match) {
    ctx.addIssue({ code: 'custom', message: 'invalid_rid' satisfies RowErrorCode });
    return z.NEVER;
  }
  return { rid: match[2]!, cvr: match[1] };
});

/** A relying-party-chosen key for a new user: 1–128 printable characters. */
export const externalIdCell = present.pipe(z.string().max(128, fail('invalid_external_id')).refine((id) => !CONTROL_CHARS.test(id), fail('invalid_external_id')));

/** A CVR number (modulus-11). */
export const cvrCell = present.refine((cvr) => isValidCvr(cvr), fail('invalid_cvr'));

/** Several values in one cell: separated by `|`, commas, or white space (line breaks included). */
function listTokens(cell: string): string[] {
  return cell.split(/[|,\s]+/).filter((token) => token !== '');
}

/** Administrator roles (English or Danish names), deduplicated and sorted; an empty cell is no roles. */
export const rolesCell = z.string().transform((cell, ctx) => {
  const roles = new Set<Role>();
  for (const token of listTokens(cell)) {
    const role = parseAdministratorRole(token);
    if (!role) {
      ctx.addIssue({ code: 'custom', message: 'invalid_role' satisfies RowErrorCode });
      return z.NEVER;
    }
    roles.add(role);
  }
  return [...roles].sort();
});

/** A right's URN exactly as the admin API accepts it when assigning one. */
const urn = assignRightSchema.shape.urn;

/** Rights as URNs, deduplicated and sorted; an empty cell is no rights. */
export const rightsCell = z.string().transform((cell, ctx) => {
  const tokens = listTokens(cell);
  if (tokens.some((token) => !urn.safeParse(token).success)) {
    ctx.addIssue({ code: 'custom', message: 'invalid_right' satisfies RowErrorCode });
    return z.NEVER;
  }
  return [...new Set(tokens)].sort();
});
