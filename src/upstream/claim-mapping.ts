// The one place upstream claims become a typed MitID login: a configurable claim-name mapping, validated with zod.
import { z } from 'zod';
import { isValidCvr } from '../domain/cvr.ts';
import { loaToAcr, MEANS, type Loa, type Means, type MitIdLogin } from '../domain/mitid.ts';
import { StartupError, zodProblem } from '../config/startup-error.ts';
import { UpstreamError } from './errors.ts';

const claimName = z.string().min(1).max(200);
const valueName = z.string().min(1).max(200);

/**
 * Field → upstream claim name, and the upstream's spelling of enumerated values. Defaults match the built-in
 * simulator; a production broker's names are configured (UPSTREAM_CLAIM_MAPPING) without code changes.
 */
export const claimMappingSchema = z
  .object({
    idp: claimName.default('idp'),
    identityType: claimName.default('identity_type'),
    mitidUuid: claimName.default('mitid.uuid'),
    means: claimName.default('mitid.means'),
    name: claimName.default('name'),
    givenName: claimName.default('given_name'),
    familyName: claimName.default('family_name'),
    birthdate: claimName.default('birthdate'),
    cpr: claimName.default('dk.cpr'),
    professionalUuid: claimName.default('professional.uuid'),
    cvr: claimName.default('professional.cvr'),
    acr: claimName.default('acr'),
    amr: claimName.default('amr'),
    authTime: claimName.default('auth_time'),
    idpValues: z
      .object({ mitid: valueName.default('mitid'), mitid_erhverv: valueName.default('mitid_erhverv') })
      .strict()
      .default({ mitid: 'mitid', mitid_erhverv: 'mitid_erhverv' }),
    identityTypeValues: z
      .object({ private: valueName.default('private'), professional: valueName.default('professional') })
      .strict()
      .default({ private: 'private', professional: 'professional' }),
    meansValues: z
      .object({
        app: valueName.default('app'),
        code_display: valueName.default('code_display'),
        code_reader: valueName.default('code_reader'),
        chip: valueName.default('chip'),
      })
      .strict()
      .default({ app: 'app', code_display: 'code_display', code_reader: 'code_reader', chip: 'chip' }),
    acrValues: z
      .object({ low: valueName.default(loaToAcr('low')), substantial: valueName.default(loaToAcr('substantial')), high: valueName.default(loaToAcr('high')) })
      .strict()
      .default({ low: loaToAcr('low'), substantial: loaToAcr('substantial'), high: loaToAcr('high') }),
  })
  .strict();

export type ClaimMapping = z.infer<typeof claimMappingSchema>;

export const DEFAULT_CLAIM_MAPPING: ClaimMapping = Object.freeze(claimMappingSchema.parse({}));

/**
 * Fills a partial override with the defaults (nested value maps may be given in part too). Throws a StartupError
 * naming the bad or unknown key: a wrong mapping is a configuration error.
 */
export function resolveClaimMapping(override: unknown = {}): ClaimMapping {
  const result = claimMappingSchema.safeParse(override ?? {});
  if (!result.success) throw new StartupError(zodProblem('upstream claim mapping', result.error, 'invalid'));
  return result.data;
}

/** The acr value to send upstream as acr_values for a required level. */
export function acrValueFor(mapping: ClaimMapping, loa: Loa): string {
  return mapping.acrValues[loa];
}

export type Claims = Record<string, unknown>;

const uuidLike = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const text = z.string().trim().min(1).max(300);
const cpr = z.string().regex(/^\d{10}$/);
const birthdate = z.iso.date();
const cvr = z.string().refine(isValidCvr);
const amr = z.array(z.string().min(1).max(100)).min(1).max(20);
const authTime = z.number().int().positive();

/**
 * Maps upstream claims (ID token claims merged with userinfo) to a MitIdLogin.
 * Every failure is an `invalid_response` UpstreamError that names the claim, never its value.
 */
export function mapClaimsToLogin(claims: Claims, mapping: ClaimMapping = DEFAULT_CLAIM_MAPPING): MitIdLogin {
  const read = <T>(field: ClaimField, schema: z.ZodType<T>): T => readClaim(claims, mapping, field, schema);

  const idpValue = read('idp', z.string());
  const kind = idpValue === mapping.idpValues.mitid ? 'private' : idpValue === mapping.idpValues.mitid_erhverv ? 'dedicated' : undefined;
  if (!kind) throw invalidClaim(mapping, 'idp', 'has an unknown value');

  const identityType = read('identityType', z.string());
  const expectedType = kind === 'private' ? mapping.identityTypeValues.private : mapping.identityTypeValues.professional;
  // A private credential presented as professional (or the reverse) would mix identities: refuse it.
  if (identityType !== expectedType) throw invalidClaim(mapping, 'identityType', 'does not match the idp');

  const common = {
    mitidUuid: read('mitidUuid', uuidLike),
    means: readMeans(claims, mapping),
    loa: readLoa(claims, mapping),
    amr: read('amr', amr),
    authTime: read('authTime', authTime),
  };

  if (kind === 'private') {
    if (hasClaim(claims, mapping.professionalUuid) || hasClaim(claims, mapping.cvr)) {
      throw invalidClaim(mapping, hasClaim(claims, mapping.cvr) ? 'cvr' : 'professionalUuid', 'must not be present for a private login');
    }
    return {
      kind: 'private',
      ...common,
      person: {
        cpr: read('cpr', cpr),
        name: read('name', text),
        givenName: read('givenName', text),
        familyName: read('familyName', text),
        birthdate: read('birthdate', birthdate),
      },
    };
  }

  // Dedicated business user IDs never carry a CPR; if one arrives, the upstream is mixing identities.
  if (hasClaim(claims, mapping.cpr)) throw invalidClaim(mapping, 'cpr', 'must not be present for a dedicated business login');
  return {
    kind: 'dedicated',
    ...common,
    business: {
      professionalUuid: read('professionalUuid', uuidLike),
      cvr: read('cvr', cvr),
      name: read('name', text),
    },
  };
}

type ClaimField = Exclude<keyof ClaimMapping, 'idpValues' | 'identityTypeValues' | 'meansValues' | 'acrValues'>;

function readMeans(claims: Claims, mapping: ClaimMapping): Means {
  const value = readClaim(claims, mapping, 'means', z.string());
  const means = MEANS.find((candidate) => mapping.meansValues[candidate] === value);
  if (!means) throw invalidClaim(mapping, 'means', 'has an unknown value');
  return means;
}

function readLoa(claims: Claims, mapping: ClaimMapping): Loa {
  const value = readClaim(claims, mapping, 'acr', z.string());
  const entry = (Object.entries(mapping.acrValues) as [Loa, string][]).find(([, acr]) => acr === value);
  if (!entry) throw invalidClaim(mapping, 'acr', 'has an unknown value');
  return entry[0];
}

function readClaim<T>(claims: Claims, mapping: ClaimMapping, field: ClaimField, schema: z.ZodType<T>): T {
  const value = lookup(claims, mapping[field]);
  if (value === undefined || value === null) throw invalidClaim(mapping, field, 'is missing');
  const result = schema.safeParse(value);
  if (!result.success) throw invalidClaim(mapping, field, 'has an invalid value');
  return result.data;
}

function hasClaim(claims: Claims, name: string): boolean {
  const value = lookup(claims, name);
  return value !== undefined && value !== null && value !== '';
}

/** A flat claim named exactly `name` (e.g. "dk.cpr") wins; otherwise a dotted path into nested objects. */
function lookup(claims: Claims, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let current: unknown = claims;
  for (const part of name.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function invalidClaim(mapping: ClaimMapping, field: ClaimField, problem: string): UpstreamError {
  const claim = mapping[field];
  return new UpstreamError('invalid_response', `MitID claim "${claim}" ${problem}`, { detail: claim });
}
