// Moves the revocation work each change stored (atomically, in its organisation's slot) into the revocation queue: at least once.
import type { DirectoryRepository, DirectoryScope } from '../directory/repository.ts';
import type { SessionTerminator } from './ports.ts';

/**
 * Each stored revocation becomes a job whose id is the revocation's id, then is forgotten here. A crash in between
 * queues it again on the next run; the queue keeps one job per id, so a revocation is never lost, and an extra run
 * of a finished job only finds the sessions already gone.
 */
export async function relaySessionRevocations(
  directory: DirectoryRepository,
  sessions: Pick<SessionTerminator, 'queueRevocation'>,
  scopes?: readonly DirectoryScope[],
): Promise<number> {
  let relayed = 0;
  for (const scope of scopes ?? (await directory.auditScopes())) {
    const pending = await directory.sessionRevocations(scope);
    for (const revocation of pending) await sessions.queueRevocation(revocation.id, revocation.targets);
    if (pending.length > 0)
      await directory.acknowledgeOutbox(
        scope,
        pending.map((revocation) => revocation.id),
      );
    relayed += pending.length;
  }
  return relayed;
}
