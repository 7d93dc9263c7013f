// The three administrator roles of MitID Erhverv (ADMIN.md) as import cells may name them, English or Danish.

export const ADMINISTRATOR_ROLES = ['organisation_administrator', 'user_administrator', 'rights_administrator'] as const;
export type AdministratorRole = (typeof ADMINISTRATOR_ROLES)[number];

/** A role name reduced for comparison: lower case, without spaces, `-` and `_`. */
const roleKey = (name: string) => name.toLowerCase().replace(/[\s\-_]+/g, '');

const ROLE_BY_KEY = new Map<string, AdministratorRole>([
  ...ADMINISTRATOR_ROLES.map((role) => [roleKey(role), role] as const),
  ['organisationsadministrator', 'organisation_administrator'],
  ['brugeradministrator', 'user_administrator'],
  ['rettighedsadministrator', 'rights_administrator'],
]);

/** The role a cell token names (English or Danish, case and separators ignored), or undefined. */
export function parseAdministratorRole(token: string): AdministratorRole | undefined {
  return ROLE_BY_KEY.get(roleKey(token));
}
