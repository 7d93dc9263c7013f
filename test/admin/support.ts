// Test harness for the admin API: a Koa app with the real router and service over a seeded directory, and a test authenticator.
import Koa from 'koa';
import { createAdminApiRouter } from '../../src/admin/api/router.ts';
import type { Principal } from '../../src/admin/context.ts';
import { createAdminService, type AdminService } from '../../src/admin/service.ts';
import type { SessionTarget } from '../../src/admin/ports.ts';
import type { LiveDirectory } from '../../src/directory/live-directory.ts';
import { createLogger } from '../../src/observability/logger.ts';
import { demoDirectory } from '../directory/support.ts';

export const OPERATOR = 'Bearer test-operator';
/** A bearer credential the test authenticator maps to this business user (the real one verifies a JWT). */
export function asUser(uuid: string): string {
  return `Bearer test-user:${uuid}`;
}

export const JENS_TOEMRER = '3240a090-fde3-4e45-8018-edbecd0706b7';
export const KAREN_HAVNEN = 'bb433d21-8520-406c-b14f-89511441296f';
export const TOEMRER = '12345674';
export const HAVNEN = '29876541';

export interface AdminApiHarness {
  app: Koa;
  service: AdminService;
  directory: LiveDirectory;
  endedSessions: SessionTarget[];
  /** Each operation's outcome as the router reports it for metrics. */
  outcomes: [string, string][];
}

export async function adminApiHarness(directory?: LiveDirectory): Promise<AdminApiHarness> {
  const dir = directory ?? (await demoDirectory());
  const endedSessions: SessionTarget[] = [];
  const service = createAdminService({
    directory: dir,
    publicUrl: 'http://localhost:3000',
    sessions: {
      endSessionsFor: async (targets) => (endedSessions.push(...targets), { sessionsEnded: targets.length, relyingPartiesNotified: 0 }),
      queueRevocation: async (_id, targets) => void endedSessions.push(...targets),
    },
  });
  const app = new Koa();
  const outcomes: [string, string][] = [];
  const router = createAdminApiRouter({
    service,
    onOutcome: (operationId, outcome) => outcomes.push([operationId, outcome]),
    logger: createLogger({ level: 'silent' }),
    authenticate: async (ctx): Promise<Principal | undefined> => {
      const header = ctx.get('Authorization');
      if (header === OPERATOR) return { kind: 'operator', clientId: 'test-operator' };
      const user = /^Bearer test-user:(.+)$/.exec(header);
      return user ? { kind: 'business_user', uuid: user[1]! } : undefined;
    },
  });
  app.use(router.routes());
  return { app, service, directory: dir, endedSessions, outcomes };
}
