// Static client registrations: loaded from config/clients/*.json, validated strictly (unknown metadata refused).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile } from '../config/json-file.ts';
import { StartupError, zodProblem } from '../config/startup-error.ts';
import { kontekstClientShape } from './client-metadata.ts';

/** Client authentication methods Kontekst offers (client_secret_jwt is left out: no shared-secret JWTs). */
export const CLIENT_AUTH_METHODS = ['private_key_jwt', 'client_secret_basic', 'client_secret_post', 'none'] as const;
/** Asymmetric algorithms accepted for client assertions (private_key_jwt) and request objects (JAR). */
export const CLIENT_SIGNING_ALGS = ['ES256', 'PS256', 'RS256', 'EdDSA'] as const;
/** Algorithms Kontekst signs ID tokens with: it holds one RS256 and one ES256 key. */
export const ID_TOKEN_SIGNING_ALGS = ['RS256', 'ES256'] as const;

const url = z.string().url();
const SECRET_METHODS = new Set(['client_secret_basic', 'client_secret_post']);

const publicJwk = z
  .object({ kty: z.enum(['RSA', 'EC', 'OKP']) })
  .catchall(z.unknown())
  .refine((jwk) => !('d' in jwk), 'a client JWKS must hold public keys only (found "d")');

/** Known client metadata only: `.strict()` makes a typo a start-up error instead of a silently ignored field. */
export const clientMetadataSchema = z
  .object({
    client_id: z.string().min(1).max(200).regex(/^[\w.:-]+$/, 'letters, digits, and . _ : - only'),
    client_secret: z.string().min(32, 'client secrets must be at least 32 characters').optional(),
    client_name: z.string().min(1).max(200).optional(),
    redirect_uris: z.array(url).min(1),
    post_logout_redirect_uris: z.array(url).optional(),
    grant_types: z.array(z.enum(['authorization_code', 'refresh_token', 'client_credentials'])).optional(),
    response_types: z.array(z.enum(['code'])).optional(),
    response_modes: z.array(z.enum(['query', 'form_post'])).optional(),
    token_endpoint_auth_method: z.enum(CLIENT_AUTH_METHODS).optional(),
    token_endpoint_auth_signing_alg: z.enum(CLIENT_SIGNING_ALGS).optional(),
    jwks: z.object({ keys: z.array(publicJwk).min(1) }).strict().optional(),
    jwks_uri: url.optional(),
    application_type: z.enum(['web', 'native']).optional(),
    logo_uri: url.optional(),
    client_uri: url.optional(),
    policy_uri: url.optional(),
    tos_uri: url.optional(),
    contacts: z.array(z.string()).optional(),
    scope: z.string().optional(),
    sector_identifier_uri: url.optional(),
    default_max_age: z.number().int().positive().optional(),
    default_acr_values: z.array(z.string()).optional(),
    require_auth_time: z.boolean().optional(),
    id_token_signed_response_alg: z.enum(ID_TOKEN_SIGNING_ALGS).optional(),
    request_object_signing_alg: z.enum(CLIENT_SIGNING_ALGS).optional(),
    require_signed_request_object: z.boolean().optional(),
    require_pushed_authorization_requests: z.boolean().optional(),
    dpop_bound_access_tokens: z.boolean().optional(),
    backchannel_logout_uri: url.optional(),
    backchannel_logout_session_required: z.boolean().optional(),
    introspection_endpoint_auth_method: z.enum(CLIENT_AUTH_METHODS).optional(),
    introspection_endpoint_auth_signing_alg: z.enum(CLIENT_SIGNING_ALGS).optional(),
    revocation_endpoint_auth_method: z.enum(CLIENT_AUTH_METHODS).optional(),
    revocation_endpoint_auth_signing_alg: z.enum(CLIENT_SIGNING_ALGS).optional(),
    ...kontekstClientShape,
  })
  .strict()
  .superRefine((client, ctx) => {
    const method = client.token_endpoint_auth_method ?? 'client_secret_basic';
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (SECRET_METHODS.has(method) && !client.client_secret) {
      issue('client_secret', `required for token_endpoint_auth_method "${method}"`);
    }
    if (method === 'private_key_jwt' && !client.jwks && !client.jwks_uri) {
      issue('jwks', 'private_key_jwt needs the client\'s public keys: give "jwks" or "jwks_uri"');
    }
    if (client.jwks && client.jwks_uri) issue('jwks_uri', 'give "jwks" or "jwks_uri", not both');
    if (method !== 'private_key_jwt' && client.token_endpoint_auth_signing_alg) {
      issue('token_endpoint_auth_signing_alg', 'only meaningful with token_endpoint_auth_method "private_key_jwt"');
    }
    if (method === 'none') {
      if (client.client_secret) issue('client_secret', 'a public client (token_endpoint_auth_method "none") has no secret');
      if (client.grant_types?.includes('client_credentials')) {
        issue('grant_types', 'a public client cannot use client_credentials');
      }
    }
    if (client.request_object_signing_alg && !client.jwks && !client.jwks_uri) {
      issue('request_object_signing_alg', 'signed request objects need the client\'s public keys: give "jwks" or "jwks_uri"');
    }
  });

export type ClientRegistration = z.infer<typeof clientMetadataSchema>;

export class ClientConfigError extends StartupError {
  override name = 'ClientConfigError';
}

export function parseClient(json: unknown, source: string): ClientRegistration {
  const parsed = clientMetadataSchema.safeParse(json);
  if (!parsed.success) throw new ClientConfigError([zodProblem(source, parsed.error, 'invalid client metadata')]);
  return parsed.data;
}

export interface ClientFile {
  path: string;
  file: string;
  /** The file holds an array of clients rather than one. */
  array: boolean;
  entries: unknown[];
}

/** The raw entries of every *.json file in the directory (one client or an array per file), in name order. */
export async function readClientFiles(dir: string): Promise<ClientFile[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const result: ClientFile[] = [];
  for (const file of files) {
    const path = join(dir, file);
    const json = await readJsonFile(path, z.unknown(), { error: ClientConfigError });
    result.push({ path, file, array: Array.isArray(json), entries: Array.isArray(json) ? json : [json] });
  }
  return result;
}

/** Reads and validates every static client in the directory; a client_id registered twice is refused. */
export async function loadStaticClients(dir: string): Promise<ClientRegistration[]> {
  const problems: string[] = [];
  const clients = (await readClientFiles(dir)).flatMap(({ path, entries }) =>
    entries.flatMap((entry, i) => {
      try {
        return [parseClient(entry, entries.length > 1 ? `${path}[${i}]` : path)];
      } catch (error) {
        if (!(error instanceof ClientConfigError)) throw error;
        problems.push(...error.problems);
        return [];
      }
    }),
  );
  const seen = new Set<string>();
  for (const client of clients) {
    if (seen.has(client.client_id)) problems.push(`${dir}: client_id "${client.client_id}" is registered twice`);
    seen.add(client.client_id);
  }
  if (problems.length) throw new ClientConfigError(problems);
  return clients;
}
