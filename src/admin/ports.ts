// The ports the administration defines and bootstrap wires: ending sessions, issuing dedicated MitIDs, delivering e-mail.
import { MitIdIssuerError, type MitIdIssuer } from './ports/mitid-issuer.ts';
import type { OutboxMessage } from '../directory/records.ts';
import type { SessionTarget } from '../directory/session-revocation.ts';

/** One business user whose live sessions must end (blocked means, deactivation, deletion, withdrawn consent, …): one schema, in the directory. */
export type { SessionTarget } from '../directory/session-revocation.ts';

/** How many sessions a change ended here and now, and how many relying parties accepted the logout token. */
export interface RevocationCounts {
  sessionsEnded: number;
  relyingPartiesNotified: number;
}

export interface SessionTerminator {
  /**
   * Ends the sessions, revokes their grants and sends back-channel logout to their relying parties. `jobId` names
   * the durable job (the stored revocation's id): the same id given twice is one job.
   */
  endSessionsFor(targets: readonly SessionTarget[], jobId?: string): Promise<RevocationCounts>;
  /** Stores the job only (every process's worker runs it): the relay of revocation work a change left behind. */
  queueRevocation(jobId: string, targets: readonly SessionTarget[]): Promise<void>;
}

export const noSessionTerminator: SessionTerminator = {
  endSessionsFor: async () => ({ sessionsEnded: 0, relyingPartiesNotified: 0 }),
  queueRevocation: async () => {},
};

/** MitID's side of a dedicated MitID (the simulator in development): one definition, in ports/mitid-issuer.ts. */
export { MitIdIssuerError, type IssueDedicatedMitIdRequest, type MitIdIssuer } from './ports/mitid-issuer.ts';

export const noMitIdIssuer: MitIdIssuer = {
  issueDedicatedMitId: async () => {
    throw new MitIdIssuerError('not_configured', 'no MitID issuer is configured');
  },
  blockMeans: async () => {},
};

/** Where the directory's outbox messages go for delivery (the outbox queue the delivery worker claims from). */
export interface OutboxTransport {
  /** Must keep one copy when the same message (same id) comes twice: the relay delivers at least once. */
  enqueue(message: OutboxMessage): Promise<void>;
}
