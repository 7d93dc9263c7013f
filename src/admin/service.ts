// The administration service: every command of every surface (REST API, pages, CLI, importers) goes through here.
import { randomUUID } from 'node:crypto';
import type { DirectoryRepository } from '../directory/repository.ts';
import type { Logger } from '../observability/logger.ts';
import { assignRight, addRight, listRights, removeRight } from './commands/rights.ts';
import { exportAudit, listAudit } from './commands/audit-log.ts';
import { blockMeans, listMeans } from './commands/means.ts';
import {
  connectOrganisation,
  disconnectOrganisation,
  listOrganisations,
  readOrganisation,
  updateSettings,
} from './commands/organisations.ts';
import { grantRole, revokeRole } from './commands/roles.ts';
import { createUser, deactivateUser, deleteUser, listUsers, reactivateUser, readUser, updateUser } from './commands/users.ts';
import { issueActivation, resendActivation, revokeActivation } from './commands/activations.ts';
import { importDirectory } from './commands/import.ts';
import { withdrawPrivateMitIdConsent } from './commands/self-service.ts';
import { commitImportFile, dryRunImportFile, readImportJob } from './commands/import-files.ts';
import { activateImported } from './commands/import-activation.ts';
import { completeActivation, readActivation, verifyActivation } from './commands/activation-completion.ts';
import { completeOrganisationSetup } from './commands/organisation-setup.ts';
import type { AdminDeps } from './context.ts';
import { noMitIdIssuer, noSessionTerminator, type MitIdIssuer, type OutboxTransport, type SessionTerminator } from './ports.ts';

export type { Principal } from './context.ts';

const COMMANDS = {
  connectOrganisation,
  listOrganisations,
  readOrganisation,
  updateSettings,
  disconnectOrganisation,
  listUsers,
  readUser,
  createUser,
  updateUser,
  deactivateUser,
  reactivateUser,
  deleteUser,
  issueActivation,
  resendActivation,
  revokeActivation,
  listMeans,
  blockMeans,
  grantRole,
  revokeRole,
  addRight,
  listRights,
  assignRight,
  removeRight,
  listAudit,
  exportAudit,
  importDirectory,
  completeActivation,
  withdrawPrivateMitIdConsent,
  dryRunImportFile,
  commitImportFile,
  readImportJob,
  activateImported,
  readActivation,
  verifyActivation,
  completeOrganisationSetup,
};

type Bound<F> = F extends (deps: AdminDeps, ...rest: infer A) => infer R ? (...rest: A) => R : never;
export type AdminService = { [K in keyof typeof COMMANDS]: Bound<(typeof COMMANDS)[K]> } & { readonly directory: DirectoryRepository };

export interface AdminServiceOptions {
  directory: DirectoryRepository;
  publicUrl: string;
  sessions?: SessionTerminator;
  mitid?: MitIdIssuer;
  /** The delivery queue (outbox worker's source) messages are relayed to. */
  outbox?: OutboxTransport;
  logger?: Logger;
  now?: () => Date;
  newId?: () => string;
}

export function createAdminService(options: AdminServiceOptions): AdminService {
  const deps: AdminDeps = {
    directory: options.directory,
    publicUrl: options.publicUrl,
    sessions: options.sessions ?? noSessionTerminator,
    mitid: options.mitid ?? noMitIdIssuer,
    now: options.now ?? (() => new Date()),
    newId: options.newId ?? randomUUID,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.outbox ? { outbox: options.outbox } : {}),
  };
  const bound = Object.fromEntries(
    Object.entries(COMMANDS).map(([name, command]) => [
      name,
      (...args: unknown[]) => (command as (deps: AdminDeps, ...rest: unknown[]) => unknown)(deps, ...args),
    ]),
  );
  return { ...(bound as Omit<AdminService, 'directory'>), directory: options.directory };
}
