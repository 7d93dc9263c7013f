// The clients commands' options, validated with zod and turned into client metadata (a patch over what is stored).
import { z } from 'zod';
import { readJsonFile } from '../config/json-file.ts';
import { StartupError } from '../config/startup-error.ts';
import { IDENTITY_TYPES } from '../domain/context.ts';
import { ENTITLEMENTS } from '../contexts/claims-table.ts';
import { CliError } from './errors.ts';

/** "a,b" → ["a","b"], each item checked against `values`. */
const list = <const T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)));

export const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'] as const;
export const SECRET_AUTH_METHODS: ReadonlySet<string> = new Set(['client_secret_basic', 'client_secret_post', 'client_secret_jwt']);

/** Commander's option object for create/update (camelCase keys); every field optional, unknown keys ignored. */
export const clientOptionsSchema = z.object({
  id: z.string().min(1).max(200).regex(/^[\w.:-]+$/, 'letters, digits, and . _ : - only').optional(),
  name: z.string().min(1).max(200).optional(),
  redirectUri: z.array(z.string().url('must be an absolute URL')).min(1).optional(),
  postLogoutRedirectUri: z.array(z.string().url('must be an absolute URL')).optional(),
  backchannelLogoutUri: z.string().url('must be an absolute URL').optional(),
  identityTypes: list(IDENTITY_TYPES).refine((types) => types.length > 0, 'name at least one of private, professional').optional(),
  entitlements: list(ENTITLEMENTS).optional(),
  firstParty: z.boolean().optional(),
  authMethod: z.enum(AUTH_METHODS).optional(),
  grantTypes: list(['authorization_code', 'refresh_token', 'client_credentials']).optional(),
  jwksUri: z.string().url('must be an absolute URL').optional(),
  jwksFile: z.string().min(1).optional(),
  metadata: z.string().min(1).optional(),
});
export type ClientOptions = z.infer<typeof clientOptionsSchema>;

/** Names the option, not the metadata field: "--redirect-uri: must be an absolute URL". */
export function parseClientOptions(raw: unknown): ClientOptions {
  const parsed = clientOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      const flag = `--${key.replace(/[A-Z]/g, (char) => `-${char.toLowerCase()}`)}`;
      return `${flag}: ${issue.message}`;
    });
    throw new CliError(issues.join('\n'), 2);
  }
  return parsed.data;
}

/** A file an option names: its problems are bad input (exit 2), named by the option. */
async function readJson(path: string, what: string): Promise<unknown> {
  try {
    return await readJsonFile(path, z.unknown());
  } catch (error) {
    if (error instanceof StartupError) throw new CliError(`${what} ${error.message}`, 2);
    throw error;
  }
}

/** The metadata the options ask for: --metadata file first, single options on top. */
export async function metadataPatch(options: ClientOptions): Promise<Record<string, unknown>> {
  const patch: Record<string, unknown> = {};
  if (options.metadata) {
    const json = await readJson(options.metadata, '--metadata');
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new CliError('--metadata: must hold one JSON object', 2);
    Object.assign(patch, json);
  }
  if (options.name !== undefined) patch['client_name'] = options.name;
  if (options.redirectUri !== undefined) patch['redirect_uris'] = options.redirectUri;
  if (options.postLogoutRedirectUri !== undefined) patch['post_logout_redirect_uris'] = options.postLogoutRedirectUri;
  if (options.backchannelLogoutUri !== undefined) patch['backchannel_logout_uri'] = options.backchannelLogoutUri;
  if (options.identityTypes !== undefined) patch['identity_types'] = options.identityTypes;
  if (options.entitlements !== undefined) patch['entitlements'] = options.entitlements;
  if (options.firstParty !== undefined) patch['first_party'] = options.firstParty;
  if (options.authMethod !== undefined) patch['token_endpoint_auth_method'] = options.authMethod;
  if (options.grantTypes !== undefined) patch['grant_types'] = options.grantTypes;
  if (options.jwksUri !== undefined) {
    patch['jwks_uri'] = options.jwksUri;
    delete patch['jwks'];
  }
  if (options.jwksFile !== undefined) {
    patch['jwks'] = await readJson(options.jwksFile, '--jwks-file');
    delete patch['jwks_uri'];
  }
  return patch;
}
