// Danish and English sentences for every import code: pages show these, the API shows the codes.
import { interpolating, type Lang } from '../../http/i18n.ts';
import type { FileErrorCode, ImportField, PlanAction, RowErrorCode, RowIssue } from './codes.ts';
import type { FileErrorPlace } from './errors.ts';

type Catalogue = {
  fields: Record<ImportField, string>;
  file: Record<FileErrorCode, string>;
  row: Record<RowErrorCode, string>;
  action: Record<PlanAction, string>;
  at: { line: string; row: string; column: string };
};

const da: Catalogue = {
  fields: {
    rid: 'RID-nummer',
    external_id: 'eksternt ID',
    given_name: 'fornavn',
    family_name: 'efternavn',
    email: 'e-mail',
    cpr: 'CPR-nummer',
    birth_date: 'fødselsdato',
    roles: 'roller',
    rights: 'rettigheder',
    cvr: 'CVR-nummer',
  },
  file: {
    empty_file: 'Filen er tom. Den første linje skal være en overskriftslinje med kolonnenavne.',
    file_too_large: 'Filen er for stor. Del den op i flere filer.',
    encoding_latin1:
      'Filen er ikke gemt som UTF-8, men ser ud til at være Latin-1/Windows-1252 (en ældre eksport). Gem den igen som "CSV UTF-8" og prøv igen.',
    encoding_not_utf8: 'Filen er ikke gemt som UTF-8. Gem den igen som "CSV UTF-8" og prøv igen.',
    encoding_utf16: 'Filen er gemt som UTF-16 ("Unicode-tekst"). Gem den igen som "CSV UTF-8" og prøv igen.',
    malformed_quoting: 'Filen har et anførselstegn et sted, hvor det ikke må stå, så resten af filen kan ikke læses sikkert.',
    quote_not_closed: 'Et felt i anførselstegn bliver aldrig afsluttet.',
    record_too_large: 'En række er for lang (ofte et manglende afsluttende anførselstegn).',
    missing_header: 'Den første linje skal være en overskriftslinje med kolonnenavne.',
    missing_column: 'Der mangler en påkrævet kolonne: {column}.',
    unknown_column: 'Kolonnen "{column}" kendes ikke i denne import.',
    duplicate_column: 'Kolonnen "{column}" findes mere end én gang.',
  },
  row: {
    missing_cells: 'Rækken har færre felter end overskriftslinjen.',
    extra_cells: 'Rækken har flere felter end overskriftslinjen.',
    required: 'Feltet {field} skal udfyldes.',
    invalid_rid: 'RID-nummeret skal bestå af cifre (eller have formen CVR:…-RID:…).',
    invalid_external_id: 'Det eksterne ID skal være 1-128 tegn uden kontroltegn.',
    invalid_name: 'Feltet {field} må kun indeholde bogstaver, mellemrum, bindestreg, apostrof og punktum (højst 100 tegn).',
    invalid_email: 'E-mailadressen er ikke gyldig.',
    invalid_cpr: 'CPR-nummeret skal være 10 cifre med en gyldig fødselsdato (DDMMÅÅ-XXXX).',
    invalid_birth_date: 'Fødselsdatoen skal være en gyldig dato (ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ), tidligst 1900 og ikke i fremtiden.',
    cpr_and_birth_date: 'Angiv enten CPR-nummer eller fødselsdato, ikke begge.',
    cpr_or_birth_date_required: 'Angiv enten CPR-nummer eller fødselsdato.',
    invalid_role: 'Ukendt rolle. Brug organisationsadministrator, brugeradministrator eller rettighedsadministrator.',
    invalid_right: 'En rettighed skal være en URN (urn:…). Adskil flere med |.',
    unknown_right: 'En af rettighederne findes ikke i rettighedskataloget. Bed operatøren om at tilføje den.',
    invalid_cvr: 'CVR-nummeret er ikke gyldigt.',
    other_organisation: 'Rækken hører til en anden organisation end den, du importerer til.',
    duplicate_row: 'Rækken er en gentagelse af en tidligere række.',
    duplicate_key: 'Samme {field} står allerede på en tidligere række med andre oplysninger.',
    identity_differs: 'Brugeren findes allerede med et andet {field}. En import ændrer ikke, hvem en bruger er.',
    ambiguous_match: 'E-mailadressen passer på flere eksisterende brugere. Angiv et eksternt ID.',
  },
  action: { create: 'Oprettes', update: 'Opdateres', unchanged: 'Uændret' },
  at: { line: 'linje {line}', row: 'række {row}', column: 'kolonne {column}' },
};

const en: Catalogue = {
  fields: {
    rid: 'RID number',
    external_id: 'external ID',
    given_name: 'given name',
    family_name: 'family name',
    email: 'e-mail',
    cpr: 'CPR number',
    birth_date: 'birth date',
    roles: 'roles',
    rights: 'rights',
    cvr: 'CVR number',
  },
  file: {
    empty_file: 'The file is empty. The first line must be a header row naming the columns.',
    file_too_large: 'The file is too large. Split it into several files.',
    encoding_latin1:
      'The file is not saved as UTF-8; it looks like Latin-1/Windows-1252 (an older export). Save it again as "CSV UTF-8" and retry.',
    encoding_not_utf8: 'The file is not saved as UTF-8. Save it again as "CSV UTF-8" and retry.',
    encoding_utf16: 'The file is saved as UTF-16 ("Unicode text"). Save it again as "CSV UTF-8" and retry.',
    malformed_quoting: 'The file has a quote character where none may be, so the rest of the file cannot be read safely.',
    quote_not_closed: 'A quoted cell is never closed.',
    record_too_large: 'A row is too long (usually a missing closing quote).',
    missing_header: 'The first line must be a header row naming the columns.',
    missing_column: 'A required column is missing: {column}.',
    unknown_column: 'The column "{column}" is not known in this import.',
    duplicate_column: 'The column "{column}" appears more than once.',
  },
  row: {
    missing_cells: 'The row has fewer cells than the header.',
    extra_cells: 'The row has more cells than the header.',
    required: 'The {field} must be filled in.',
    invalid_rid: 'The RID number must be digits (or of the form CVR:…-RID:…).',
    invalid_external_id: 'The external ID must be 1-128 characters without control characters.',
    invalid_name: 'The {field} may hold only letters, spaces, hyphens, apostrophes and full stops (at most 100 characters).',
    invalid_email: 'The e-mail address is not valid.',
    invalid_cpr: 'The CPR number must be 10 digits with a valid birth date (DDMMYY-XXXX).',
    invalid_birth_date: 'The birth date must be a valid date (YYYY-MM-DD or DD-MM-YYYY), from 1900 and not in the future.',
    cpr_and_birth_date: 'Give either a CPR number or a birth date, not both.',
    cpr_or_birth_date_required: 'Give either a CPR number or a birth date.',
    invalid_role: 'Unknown role. Use organisation_administrator, user_administrator or rights_administrator.',
    invalid_right: 'A right must be a URN (urn:…). Separate several with |.',
    unknown_right: 'One of the rights is not in the rights catalogue. Ask the operator to add it.',
    invalid_cvr: 'The CVR number is not valid.',
    other_organisation: 'The row belongs to another organisation than the one you are importing into.',
    duplicate_row: 'The row repeats an earlier row.',
    duplicate_key: 'The same {field} is already on an earlier row with other details.',
    identity_differs: 'The user already exists with another {field}. An import never changes who a user is.',
    ambiguous_match: 'The e-mail address matches several existing users. Give an external ID.',
  },
  action: { create: 'Created', update: 'Updated', unchanged: 'Unchanged' },
  at: { line: 'line {line}', row: 'row {row}', column: 'column {column}' },
};

const catalogues: Record<Lang, Catalogue> = { da, en };

/** The sentence for a refused file, with where (line) when known. */
export function describeFileError(code: FileErrorCode, place: FileErrorPlace, lang: Lang): string {
  const catalogue = catalogues[lang];
  const sentence = interpolating(catalogue.file)(code, { column: place.column ?? '' });
  return place.line ? `${capitalise(interpolating(catalogue.at)('line', { line: String(place.line) }))}: ${sentence}` : sentence;
}

/** The sentence for one issue of a refused row. */
export function describeRowIssue(issue: RowIssue, lang: Lang): string {
  const catalogue = catalogues[lang];
  return interpolating(catalogue.row)(issue.code, { field: issue.field ? catalogue.fields[issue.field] : '' });
}

export function describeAction(action: PlanAction, lang: Lang): string {
  return catalogues[lang].action[action];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
