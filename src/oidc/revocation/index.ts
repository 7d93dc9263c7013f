// Public surface of revocation: the SessionTerminator port, its worker, the job queues and what admin needs to store a job.
import type Provider from 'oidc-provider';
import type { Logger } from 'pino';
import type { HolderIndex } from '../adapters/adapter-model.ts';
import type { RevocationQueue } from './queue.ts';
import { RevocationService, type RevocationServiceOptions } from './revocation-service.ts';
import { SessionEnder } from './session-ender.ts';

export { adminSessionTerminator, revocationTargetOf, type AdminSessionTarget } from './admin-port.ts';
export { newRevocationJob, type RevocationJob } from './job.ts';
export { MemoryRevocationQueue } from './memory-queue.ts';
export type { RevocationQueue } from './queue.ts';
export { RedisRevocationQueue, revocationEnqueueCommands } from './redis-queue.ts';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.ts';
export { RevocationService, type DeliveryOutcome, type RevocationOutcome, type SessionTerminator } from './revocation-service.ts';
export { revocationTargetSchema, type RevocationTarget } from './targets.ts';

export interface RevocationDeps extends Omit<RevocationServiceOptions, 'ender' | 'logger'> {
  provider: Provider;
  holders: HolderIndex;
  queue: RevocationQueue;
  logger: Logger;
}

/** The revocation service of one process (call start() to run its worker). */
export function createRevocationService(deps: RevocationDeps): RevocationService {
  const { provider, holders, ...options } = deps;
  return new RevocationService({ ...options, ender: new SessionEnder(provider, holders), logger: deps.logger.child({ part: 'revocation' }) });
}
