// Kontekst's own client metadata (next to the standard OIDC fields): one field table, its schema, defaults and typed view.
import { z } from 'zod';
import { ENTITLEMENTS } from '../contexts/claims-table.ts';
import { IDENTITY_TYPES } from '../domain/context.ts';

/**
 * One row per field. `operatorOnly`: only the operator sets it (CLI, static files); a self-registered client may
 * not grant it to itself. `schema` carries the field's default, which is what a client without the field gets.
 * A new field is one row here; the provider's extra metadata, the static-file schema, registration policy and
 * the typed view all follow from it.
 */
const KONTEKST_CLIENT_FIELDS = {
  identity_types: {
    operatorOnly: false,
    schema: z
      .array(z.enum(IDENTITY_TYPES))
      .min(1)
      .default([...IDENTITY_TYPES]),
  },
  entitlements: { operatorOnly: true, schema: z.array(z.enum(ENTITLEMENTS)).default([]) },
  first_party: { operatorOnly: true, schema: z.boolean().default(false) },
  /** URN prefixes of the rights (professional.privileges) this client receives; none by default. */
  privilege_namespaces: {
    operatorOnly: true,
    schema: z
      .array(z.string().regex(/^urn:[\x21-\x7e]{0,200}$/, 'must be a URN prefix'))
      .max(50)
      .default([]),
  },
  /** An operator API client of the admin API (client credentials): connects organisations, keeps the rights catalogue. */
  admin_operator: { operatorOnly: true, schema: z.boolean().default(false) },
} as const;

type Fields = typeof KONTEKST_CLIENT_FIELDS;
export type KontekstClientField = keyof Fields;

type Shape = { [K in KontekstClientField]: Fields[K]['schema'] };

/** The zod shape of Kontekst's fields, spread into the static client schema. */
export const kontekstClientShape = Object.fromEntries(
  Object.entries(KONTEKST_CLIENT_FIELDS).map(([key, field]) => [key, field.schema]),
) as Shape;
const kontekstClientSchema = z.object(kontekstClientShape);

/** The typed view of a client's Kontekst metadata, defaults filled in. */
export type KontekstClientMetadata = z.infer<typeof kontekstClientSchema>;

/** Field names, for oidc-provider's `extraClientMetadata.properties`. */
export const KONTEKST_CLIENT_PROPERTIES = Object.keys(KONTEKST_CLIENT_FIELDS) as KontekstClientField[];

/** Fields only an operator sets: a client cannot grant itself CPR or pre-consent. */
export const OPERATOR_ONLY_FIELDS = KONTEKST_CLIENT_PROPERTIES.filter((key) => KONTEKST_CLIENT_FIELDS[key].operatorOnly);

/** What a client without any Kontekst metadata has. */
export const KONTEKST_CLIENT_DEFAULTS: Readonly<KontekstClientMetadata> = Object.freeze(kontekstClientSchema.parse({}));

export function isKontekstClientField(key: string): key is KontekstClientField {
  return Object.hasOwn(KONTEKST_CLIENT_FIELDS, key);
}

/** The default of one field (what "not granted" means for an operator-only field). */
export function defaultOf(field: KontekstClientField): unknown {
  return KONTEKST_CLIENT_DEFAULTS[field];
}

/** Checks one field's value as given (no default for undefined); the message for invalid_client_metadata, or undefined. */
export function fieldProblem(field: KontekstClientField, value: unknown): string | undefined {
  const parsed = KONTEKST_CLIENT_FIELDS[field].schema.safeParse(value);
  return parsed.success ? undefined : parsed.error.issues.map((issue) => issue.message).join('; ');
}

/**
 * The typed view of a client (oidc-provider Client or stored metadata). Every path that stores a client validated
 * these fields already, so a mismatch here is a broken invariant, not a client's input: it throws.
 */
export function kontekstMetadataOf(client: object | undefined): KontekstClientMetadata {
  if (!client) return { ...KONTEKST_CLIENT_DEFAULTS };
  const source = client as Record<string, unknown>;
  return kontekstClientSchema.parse(Object.fromEntries(KONTEKST_CLIENT_PROPERTIES.map((key) => [key, source[key]])));
}
