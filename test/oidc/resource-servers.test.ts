// Access token lifetimes per resource server: JWTs, which revocation cannot recall, default to a short life.
import { describe, expect, it } from 'vitest';
import { JWT_ACCESS_TOKEN_TTL_SECONDS, resourceServerInfo, resourceServerSchema } from '../../src/oidc/resource-servers.ts';

const servers = resourceServerSchema.array().parse([
  { identifier: 'https://jwt.example', scope: 'read' },
  { identifier: 'https://opaque.example', scope: 'read', accessTokenFormat: 'opaque' },
  { identifier: 'https://explicit.example', scope: 'read', accessTokenTTL: 120 },
]);

describe('access token lifetime', () => {
  it('is five minutes for a JWT access token unless configured', () => {
    expect(JWT_ACCESS_TOKEN_TTL_SECONDS).toBe(300);
    expect(resourceServerInfo(servers, 'https://jwt.example').accessTokenTTL).toBe(300);
  });

  it('is ten minutes for an opaque one (revocation makes it inactive at once), and the configured value when set', () => {
    expect(resourceServerInfo(servers, 'https://opaque.example').accessTokenTTL).toBe(600);
    expect(resourceServerInfo(servers, 'https://explicit.example').accessTokenTTL).toBe(120);
  });
});
