// Mass activation (issue 14): every selected imported user gets an activation (link through the outbox), one atomic step each.
import type { Means } from '../../domain/mitid.ts';
import { authorize, loadOrganisation, type AdminDeps, type Principal } from '../context.ts';
import { AdminError } from '../errors.ts';
import { requireMeansAllowed } from '../rules.ts';
import { messages } from '../user-records.ts';
import { activationIssued } from './activations.ts';
import { write } from './users.ts';

export interface MassActivationInput {
  /** Only these imported users (default: every imported user of the organisation). */
  uuids?: string[];
  /** The means the users are offered for their dedicated MitID (default: what each user has chosen, if anything). */
  means?: Means[];
}

export interface MassActivationReceipt {
  selected: number;
  activated: number;
  /** Activation e-mails queued in the outbox. */
  linksQueued: number;
  /** Users without an e-mail address: their activation is waiting, hand them the link (or code) yourself. */
  withoutEmail: number;
  /** Users changed by someone else meanwhile (or no longer imported): run again for them. */
  skipped: number;
  users: { uuid: string; activationId: string; method: 'private_mitid' | 'code'; code?: string }[];
}

/**
 * Each user is its own step (record, audit event and e-mail together), so a failure half-way leaves every user
 * either imported or pending activation, and running it again picks up only those still imported. A code
 * (birth-date users) is answered once here, as by the single activation command.
 */
export async function activateImported(
  deps: AdminDeps,
  principal: Principal,
  cvr: string,
  input: MassActivationInput,
): Promise<MassActivationReceipt> {
  const actor = await authorize(deps, principal, 'imports.activate', cvr);
  const organisation = await loadOrganisation(deps, cvr);
  if (organisation.state !== 'connected') throw new AdminError('organisation_not_connected', 'the organisation is not connected');
  if (input.means) requireMeansAllowed(organisation.settings, input.means);
  const wanted = input.uuids ? new Set(input.uuids) : undefined;
  const selected = (await deps.directory.userRecordsOf(cvr)).filter(
    (user) => user.state === 'imported' && (!wanted || wanted.has(user.uuid)),
  );
  const receipt: MassActivationReceipt = {
    selected: selected.length,
    activated: 0,
    linksQueued: 0,
    withoutEmail: 0,
    skipped: 0,
    users: [],
  };
  for (const before of selected) {
    const { after, issued } = activationIssued(deps, organisation, before, input.means);
    try {
      await write(deps, actor, 'activations.mass', before, after, messages(issued.message));
    } catch (error) {
      if (error instanceof AdminError && error.code === 'precondition_failed') {
        receipt.skipped += 1;
        continue;
      }
      throw error;
    }
    receipt.activated += 1;
    if (issued.message) receipt.linksQueued += 1;
    else receipt.withoutEmail += 1;
    receipt.users.push({
      uuid: before.uuid,
      activationId: issued.activation.id,
      method: issued.activation.method,
      ...(issued.code ? { code: issued.code } : {}),
    });
  }
  return receipt;
}
