// Import files for the command, API, CLI and end-to-end tests: NemID signature rows as CSV text (Danish headers, `;`).
export interface SignatureRow {
  rid: string;
  givenName: string;
  familyName: string;
  email: string;
  cpr?: string;
  birthDate?: string;
  roles?: string;
  rights?: string;
}

export const NEMID_HEADER = 'RID-nummer;Fornavn;Efternavn;E-mail;CPR-nummer;Fødselsdato;Roller;Rettigheder';

export function nemidCsv(rows: readonly SignatureRow[]): string {
  const lines = rows.map((row) =>
    [row.rid, row.givenName, row.familyName, row.email, row.cpr ?? '', row.birthDate ?? '', row.roles ?? '', row.rights ?? ''].join(';'),
  );
  return `\uFEFF${[NEMID_HEADER, ...lines].join('\r\n')}\r\n`;
}

/** `count` signatures with RIDs from 90001, CPR users and birth-date users alternating. */
export function manySignatures(count: number): SignatureRow[] {
  return Array.from({ length: count }, (_, i) => ({
    rid: String(90_001 + i),
    givenName: `Medarbejder ${lettered(i)}`,
    familyName: 'Tømrersen',
    email: `m${i}@toemrer.example`,
    ...(i % 2 === 0
      ? { cpr: `0101${String(60 + (i % 30)).padStart(2, '0')}${String(1000 + (i % 9000)).padStart(4, '0')}` }
      : { birthDate: `19${70 + (i % 25)}-0${1 + (i % 9)}-1${i % 9}` }),
    roles: i % 50 === 0 ? 'Brugeradministrator' : '',
    rights: 'urn:dk:digitalpost:privilege:read',
  }));
}

/** A file as one chunk (the import streams whatever chunks it is given). */
export const asSource = (text: string) => () => [Buffer.from(text, 'utf8')];

/** A number as letters (names may not hold digits): 0 → a, 12 → bc. */
const lettered = (n: number) => [...String(n)].map((digit) => String.fromCharCode(97 + Number(digit))).join('');
