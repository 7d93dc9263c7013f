// The ports the administration defines and bootstrap wires: ending sessions, issuing dedicated MitIDs, delivering e-mail.
import { MitIdIssuerError, type MitIdIssuer } from './ports/mitid-issuer.ts';
import type { OutboxMessage } from '../directory/records.ts';

/** One business user whose live sessions must end (blocked means, deactivation, deletion, withdrawn consent, …). */
export interface SessionTarget {
  businessUserUuid: string;
  cvr: string;
  /** Only sessions that came through this kind of login; both when absent. */
  via?: 'private_mitid' | 'dedicated_mitid';
}

export interface SessionTerminator {
  /** Ends the sessions, revokes their grants and sends back-channel logout to their relying parties. */
  endSessionsFor(targets: readonly SessionTarget[]): Promise<{ sessionsEnded: number; relyingPartiesNotified: number }>;
}

export const noSessionTerminator: SessionTerminator = {
  endSessionsFor: async () => ({ sessionsEnded: 0, relyingPartiesNotified: 0 }),
};

/** MitID's side of a dedicated MitID (the simulator in development): one definition, in ports/mitid-issuer.ts. */
export { MitIdIssuerError, type IssueDedicatedMitIdRequest, type MitIdIssuer } from './ports/mitid-issuer.ts';

export const noMitIdIssuer: MitIdIssuer = {
  issueDedicatedMitId: async () => {
    throw new MitIdIssuerError('not_configured', 'no MitID issuer is configured');
  },
  blockMeans: async () => {},
};

/** Delivers one outbox message (SMTP, a log in development); must be safe to call again for the same message. */
export interface OutboxTransport {
  deliver(message: OutboxMessage): Promise<void>;
}
