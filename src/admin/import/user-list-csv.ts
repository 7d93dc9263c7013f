// A user list as a spreadsheet-safe CSV (e.g. the imported users before mass activation): never a CPR, its key or its mask.
import type { Lang } from '../../http/i18n.ts';
import type { BusinessUserRecord } from '../../directory/records.ts';
import { safeCsvStringifier, toSafeCsv, type SafeCsvColumn, type SafeCsvOptions } from './safe-csv.ts';

const KEYS = ['uuid', 'rid', 'given_name', 'family_name', 'email', 'state', 'roles', 'rights'] as const;
type UserListLine = Record<(typeof KEYS)[number], string>;

const HEADERS: Record<Lang, Record<(typeof KEYS)[number], string>> = {
  da: { uuid: 'UUID', rid: 'RID-nummer', given_name: 'Fornavn', family_name: 'Efternavn', email: 'E-mail', state: 'Status', roles: 'Roller', rights: 'Rettigheder' },
  en: { uuid: 'UUID', rid: 'RID number', given_name: 'Given name', family_name: 'Family name', email: 'E-mail', state: 'State', roles: 'Roles', rights: 'Rights' },
};

export function userListColumns(lang: Lang): SafeCsvColumn[] {
  return KEYS.map((key) => ({ key, header: HEADERS[lang][key] }));
}

/** One user's line: only fields safe to hand out (the person's identity stays in the directory). */
export function userListLine(user: BusinessUserRecord): UserListLine {
  return {
    uuid: user.uuid,
    rid: user.rid ?? '',
    given_name: user.givenName,
    family_name: user.familyName,
    email: user.email ?? '',
    state: user.state,
    roles: user.roles.join('|'),
    rights: user.rights.join('|'),
  };
}

export function userListToCsv(users: readonly BusinessUserRecord[], lang: Lang, csvOptions: SafeCsvOptions = {}): string {
  return toSafeCsv(users.map(userListLine), userListColumns(lang), csvOptions);
}

/** For long lists: write `userListLine(user)` objects into it and stream its output. */
export function userListCsvStream(lang: Lang, csvOptions: SafeCsvOptions = {}) {
  return safeCsvStringifier(userListColumns(lang), csvOptions);
}
