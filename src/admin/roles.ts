// Pure: which actor role may run which command — the permission matrix of ADMIN.md, as data.
import type { Role } from '../directory/records.ts';

export const COMMANDS = [
  'organisations.connect',
  'organisations.list',
  'organisations.read',
  'organisations.disconnect',
  'organisations.settings',
  'users.list',
  'users.read',
  'users.create',
  'users.update',
  'users.deactivate',
  'users.reactivate',
  'users.delete',
  'activations.issue',
  'activations.resend',
  'activations.revoke',
  'means.list',
  'means.block',
  'roles.grant',
  'roles.revoke',
  'rights.catalogue.add',
  'rights.catalogue.list',
  'rights.assign',
  'rights.remove',
  'audit.read',
  'directory.import',
  'imports.run',
  'imports.activate',
] as const;
export type Command = (typeof COMMANDS)[number];

/** The operator acts across organisations but never administers users inside one. */
export type ActorRole = 'operator' | Role;

export const PERMISSIONS: Readonly<Record<ActorRole, readonly Command[]>> = {
  operator: [
    'organisations.connect',
    'organisations.list',
    'organisations.read',
    'organisations.disconnect',
    'rights.catalogue.add',
    'rights.catalogue.list',
    'audit.read',
    'directory.import',
    // The migration from NemID is run for an organisation by whoever runs Kontekst (the CLI) as well as by its user
    // administrators: importing the signatures and starting their mass activation, nothing else inside it.
    'imports.run',
    'imports.activate',
  ],
  organisation_administrator: [
    'organisations.read',
    'organisations.settings',
    'users.list',
    'users.read',
    'roles.grant',
    'roles.revoke',
    'audit.read',
  ],
  user_administrator: [
    'organisations.read',
    'users.list',
    'users.read',
    'users.create',
    'users.update',
    'users.deactivate',
    'users.reactivate',
    'users.delete',
    'activations.issue',
    'activations.resend',
    'activations.revoke',
    'means.list',
    'means.block',
    'imports.run',
    'imports.activate',
  ],
  rights_administrator: ['organisations.read', 'users.list', 'users.read', 'rights.catalogue.list', 'rights.assign', 'rights.remove'],
};

export function mayRun(roles: readonly ActorRole[], command: Command): boolean {
  return roles.some((role) => PERMISSIONS[role].includes(command));
}
