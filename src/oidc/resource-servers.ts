// Resource servers (RFC 8707 resource indicators) that receive JWT (RFC 9068) or opaque, introspectable access tokens.
import { errors, type ResourceServer as OidcResourceServer } from 'oidc-provider';
import { z } from 'zod';
import { readJsonFile } from '../config/json-file.ts';

/** Algorithms a resource server may ask its JWT access tokens to be signed with (Kontekst holds RS256 and ES256 keys). */
export const ACCESS_TOKEN_SIGNING_ALGS = ['RS256', 'ES256'] as const;

export const resourceServerSchema = z
  .object({
    /** The resource indicator clients send (absolute URI). */
    identifier: z.string().url(),
    /** Space-separated scopes this resource server accepts. */
    scope: z.string().min(1),
    audience: z.string().min(1).optional(),
    accessTokenTTL: z.number().int().min(30).max(3600).optional(),
    /** `jwt` (RFC 9068, verified locally by the resource server) or `opaque` (checked through introspection). */
    accessTokenFormat: z.enum(['jwt', 'opaque']).default('jwt'),
    /** Signing algorithm of JWT access tokens for this resource server. */
    accessTokenSigningAlg: z.enum(ACCESS_TOKEN_SIGNING_ALGS).default('RS256'),
    /**
     * Client IDs the resource server authenticates with at the introspection endpoint: these may introspect
     * access tokens issued for this resource server (an explicit permission; see features/token-access.ts).
     */
    introspectionClients: z.array(z.string().min(1)).optional(),
  })
  .strict();
export type ResourceServer = z.infer<typeof resourceServerSchema>;
export type ResourceServerInput = z.input<typeof resourceServerSchema>;

const resourceServersSchema = z.array(resourceServerSchema);

/** RESOURCE_SERVERS_FILE; without the file there are no resource servers (opaque access tokens only). */
export function loadResourceServers(path: string): Promise<ResourceServer[]> {
  return readJsonFile(path, resourceServersSchema, { what: 'resource servers', ifMissing: () => [] });
}

/**
 * Default lifetime of a JWT access token: revocation (a blocked means, a deactivated user) cannot recall a
 * JWT the resource server verifies by itself, so it stays valid until it expires. Opaque tokens die at once.
 */
export const JWT_ACCESS_TOKEN_TTL_SECONDS = 300;
const OPAQUE_ACCESS_TOKEN_TTL_SECONDS = 600;

/** The lifetime of the access tokens issued for a resource server (its setting, else the format's default). */
export function accessTokenTtlOf(server: ResourceServer): number {
  return server.accessTokenTTL ?? (server.accessTokenFormat === 'jwt' ? JWT_ACCESS_TOKEN_TTL_SECONDS : OPAQUE_ACCESS_TOKEN_TTL_SECONDS);
}

export function resourceServerInfo(servers: readonly ResourceServer[], resource: string): OidcResourceServer {
  const server = servers.find((candidate) => candidate.identifier === resource);
  if (!server) throw new errors.InvalidTarget('unknown resource server');
  const common = {
    scope: server.scope,
    audience: server.audience ?? server.identifier,
    accessTokenTTL: accessTokenTtlOf(server),
  };
  return server.accessTokenFormat === 'opaque'
    ? { ...common, accessTokenFormat: 'opaque' }
    : { ...common, accessTokenFormat: 'jwt', jwt: { sign: { alg: server.accessTokenSigningAlg } } };
}
