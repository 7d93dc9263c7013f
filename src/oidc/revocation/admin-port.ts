// The administration's SessionTerminator port (src/admin/ports.ts), implemented by the revocation service.
import { newRevocationJob } from './job.ts';
import type { RevocationQueue } from './queue.ts';
import type { RevocationOutcome, RevocationService } from './revocation-service.ts';
import type { RevocationTarget } from './targets.ts';

/** What admin names (its SessionTarget, repeated here by shape: oidc does not import admin). */
export interface AdminSessionTarget {
  businessUserUuid: string;
  cvr: string;
  via?: 'private_mitid' | 'dedicated_mitid' | undefined;
  onlyClient?: string | undefined;
}

const IDP_OF_VIA = { private_mitid: 'mitid', dedicated_mitid: 'mitid_erhverv' } as const;

/** A business user UUID names one user in one organisation, so the CVR is not needed to find the sessions. */
export function revocationTargetOf(target: AdminSessionTarget): RevocationTarget {
  return {
    type: 'professional',
    businessUserUuid: target.businessUserUuid,
    ...(target.via ? { idp: IDP_OF_VIA[target.via] } : {}),
    ...(target.onlyClient ? { onlyClient: target.onlyClient } : {}),
  };
}

/**
 * The port admin calls. Admin is built before the provider (seeding runs through it), so until this process's
 * revocation service exists, a call only stores the job: every process's worker (this one's once it starts)
 * finishes it, since sessions of other processes may be live in shared storage.
 */
export function adminSessionTerminator(queue: RevocationQueue, service: () => RevocationService | undefined) {
  return {
    async endSessionsFor(
      targets: readonly AdminSessionTarget[],
      jobId?: string,
    ): Promise<Pick<RevocationOutcome, 'sessionsEnded' | 'relyingPartiesNotified'>> {
      const mapped = targets.map(revocationTargetOf);
      const running = service();
      if (running) return running.endSessionsFor(mapped, jobId);
      await queue.enqueue(newRevocationJob(mapped, Date.now(), jobId));
      return { sessionsEnded: 0, relyingPartiesNotified: 0 };
    },
    /** The relay's call: the job is stored (once per id) and any process's worker runs it. */
    async queueRevocation(jobId: string, targets: readonly AdminSessionTarget[]): Promise<void> {
      await queue.enqueue(newRevocationJob(targets.map(revocationTargetOf), Date.now(), jobId));
    },
  };
}
