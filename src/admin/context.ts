// What every command needs: its dependencies, who is asking, the permission check, and the shared load/commit steps.
import type { DirectoryChange, DirectoryRepository, DirectoryScope } from '../directory/repository.ts';
import { VersionConflictError } from '../directory/repository.ts';
import type { Actor, AuditDraft, BusinessUserRecord, OrganisationRecord } from '../directory/records.ts';
import type { Logger } from '../observability/logger.ts';
import { AdminError } from './errors.ts';
import { relayOutbox } from './outbox-relay.ts';
import type { MitIdIssuer, OutboxTransport, RevocationCounts, SessionTarget, SessionTerminator } from './ports.ts';
import type { SessionRevocation } from '../directory/session-revocation.ts';
import { mayRun, type ActorRole, type Command } from './roles.ts';

export interface AdminDeps {
  directory: DirectoryRepository;
  sessions: SessionTerminator;
  mitid: MitIdIssuer;
  /** The delivery queue the outbox messages are relayed to after each change; none: they wait in the directory. */
  outbox?: OutboxTransport;
  now: () => Date;
  newId: () => string;
  /** Kontekst's public URL: activation and setup links point at its pages. */
  publicUrl: string;
  logger?: Logger;
}

/** Who is asking, as authentication established it; roles are looked up afresh on every command. */
export type Principal = { kind: 'operator'; clientId: string } | { kind: 'business_user'; uuid: string };

/**
 * Load → authorize: the actor for the audit event, or an AdminError. A business user acts only while active in a
 * connected organisation and only on their own organisation: another organisation's records are "not found".
 */
export async function authorize(deps: AdminDeps, principal: Principal, command: Command, cvr?: string): Promise<Actor> {
  if (principal.kind === 'operator') {
    if (!mayRun(['operator'], command)) throw new AdminError('forbidden', 'the operator may not do this');
    return { kind: 'operator', id: principal.clientId };
  }
  const user = await deps.directory.userRecord(principal.uuid);
  const organisation = user && (await deps.directory.organisationRecord(user.cvr));
  // A pending_setup organisation has one thing to do: its first administrator chooses the settings (the setup wizard).
  const usable = organisation?.state === 'connected' || (organisation?.state === 'pending_setup' && command === 'organisations.settings');
  if (user?.state !== 'active' || !usable) throw new AdminError('forbidden', 'this business user cannot administer');
  if (cvr !== undefined && cvr !== user.cvr) throw new AdminError('not_found', 'no such organisation');
  const roles: ActorRole[] = [...user.roles];
  if (!mayRun(roles, command)) throw new AdminError('forbidden', 'your roles do not allow this');
  return { kind: 'administrator', uuid: user.uuid, cvr: user.cvr, roles: [...user.roles] };
}

export async function loadOrganisation(deps: AdminDeps, cvr: string): Promise<OrganisationRecord> {
  const organisation = await deps.directory.organisationRecord(cvr);
  if (!organisation) throw new AdminError('not_found', 'no such organisation');
  return organisation;
}

export async function loadUser(deps: AdminDeps, cvr: string, uuid: string): Promise<BusinessUserRecord> {
  const user = await deps.directory.userRecord(uuid);
  if (!user || user.cvr !== cvr) throw new AdminError('not_found', 'no such business user');
  return user;
}

/** `If-Match` carried the version the client saw: anything else is stale. */
export function requireVersion(record: { version: number }, ifMatch: number | undefined): void {
  if (ifMatch !== undefined && ifMatch !== record.version)
    throw new AdminError('precondition_failed', 'the record has changed since you read it');
}

export function audit(
  deps: AdminDeps,
  actor: Actor,
  action: string,
  target: AuditDraft['target'],
  changes: AuditDraft['changes'],
): AuditDraft {
  return { at: deps.now().toISOString(), actor, action, target, changes, result: 'success' };
}

/** Write: a stale version (someone else changed the record since it was read) is refused, never lost. */
export async function commit(deps: AdminDeps, change: DirectoryChange): Promise<void> {
  try {
    await deps.directory.commit(change);
  } catch (error) {
    if (error instanceof VersionConflictError) throw new AdminError('precondition_failed', 'the record has changed since you read it');
    throw error;
  }
  if (deps.outbox && change.outbox.length > 0) {
    // The change stands either way; a message not relayed now is relayed by the next change or sweep of this scope.
    await relayOutbox(deps.directory, deps.outbox, [change.scope]).catch((error: unknown) =>
      deps.logger?.warn({ err: error }, 'relaying outbox messages failed'),
    );
  }
}

/** The revocation work a change stores with itself; none when no session is affected. */
export function revocationFor(deps: AdminDeps, targets: readonly SessionTarget[]): SessionRevocation | undefined {
  if (targets.length === 0) return undefined;
  return { kind: 'session_revocation', id: deps.newId(), createdAt: deps.now().toISOString(), targets: [...targets] };
}

/**
 * After the change (and its revocation) is stored: end the sessions here and now, for the counts the answer
 * carries, then forget the stored work. A failure is logged: the work stays stored and the relay
 * (src/admin/revocation-relay.ts, at start and on the revocation worker's poll) hands it to any process.
 */
export async function endSessions(
  deps: AdminDeps,
  change: { scope: DirectoryScope; revocation: SessionRevocation | undefined },
): Promise<RevocationCounts> {
  const revocation = change.revocation;
  if (!revocation) return { sessionsEnded: 0, relyingPartiesNotified: 0 };
  try {
    const counts = await deps.sessions.endSessionsFor(revocation.targets, revocation.id);
    await deps.directory.acknowledgeOutbox(change.scope, [revocation.id]);
    return { sessionsEnded: counts.sessionsEnded, relyingPartiesNotified: counts.relyingPartiesNotified };
  } catch (error) {
    deps.logger?.warn(
      { err: error, targets: revocation.targets.length },
      'ending sessions after an administration change failed; the stored revocation is relayed later',
    );
    return { sessionsEnded: 0, relyingPartiesNotified: 0 };
  }
}
