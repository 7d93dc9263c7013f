// Resource servers (RFC 8707 resource indicators) that receive JWT access tokens (RFC 9068).
import { readFile } from 'node:fs/promises';
import { errors, type ResourceServer as OidcResourceServer } from 'oidc-provider';
import { z } from 'zod';

export const resourceServerSchema = z
  .object({
    /** The resource indicator clients send (absolute URI). */
    identifier: z.string().url(),
    /** Space-separated scopes this resource server accepts. */
    scope: z.string().min(1),
    audience: z.string().min(1).optional(),
    accessTokenTTL: z.number().int().min(30).max(3600).optional(),
  })
  .strict();
export type ResourceServer = z.infer<typeof resourceServerSchema>;

export async function loadResourceServers(path: string): Promise<ResourceServer[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const parsed = z.array(resourceServerSchema).safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

export function resourceServerInfo(servers: ResourceServer[], resource: string): OidcResourceServer {
  const server = servers.find((candidate) => candidate.identifier === resource);
  if (!server) throw new errors.InvalidTarget('unknown resource server');
  return {
    scope: server.scope,
    audience: server.audience ?? server.identifier,
    accessTokenTTL: server.accessTokenTTL ?? 600,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  };
}
