// Public surface of revocation: the SessionTerminator port, its worker, the job queues and what admin needs to store a job.
import type Provider from 'oidc-provider';
import type { Logger } from 'pino';
import type { HolderIndex } from '../adapters/adapter-model.ts';
import type { RevocationQueue } from './queue.ts';
import { RevocationService, type RevocationServiceOptions } from './revocation-service.ts';
import { SessionEnder } from './session-ender.ts';

export { adminSessionTerminator } from './admin-port.ts';
export { newRevocationJob } from './job.ts';
export type { RevocationQueue } from './queue.ts';
export { RedisRevocationQueue } from './redis-queue.ts';
export { RevocationService } from './revocation-service.ts';
export type { RevocationTarget } from './targets.ts';

export interface RevocationDeps extends Omit<RevocationServiceOptions, 'ender' | 'logger'> {
  provider: Provider;
  holders: HolderIndex;
  queue: RevocationQueue;
  logger: Logger;
}

/** The revocation service of one process (call start() to run its worker). */
export function createRevocationService(deps: RevocationDeps): RevocationService {
  const { provider, holders, ...options } = deps;
  return new RevocationService({
    ...options,
    ender: new SessionEnder(provider, holders),
    logger: deps.logger.child({ part: 'revocation' }),
  });
}
