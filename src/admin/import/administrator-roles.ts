// The administrator roles (ROLES of the directory) as import cells may name them: English, or the Danish names of MitID Erhverv.
import { ROLES, type Role } from '../../directory/records.ts';

/** A role name reduced for comparison: lower case, without spaces, `-` and `_`. */
const roleKey = (name: string) => name.toLowerCase().replace(/[\s\-_]+/g, '');

const ROLE_BY_KEY = new Map<string, Role>([
  ...ROLES.map((role) => [roleKey(role), role] as const),
  ['organisationsadministrator', 'organisation_administrator'],
  ['brugeradministrator', 'user_administrator'],
  ['rettighedsadministrator', 'rights_administrator'],
]);

/** The role a cell token names (English or Danish, case and separators ignored), or undefined. */
export function parseAdministratorRole(token: string): Role | undefined {
  return ROLE_BY_KEY.get(roleKey(token));
}
