// Every import code has a Danish and an English sentence, with its placeholders filled.
import { describe, expect, it } from 'vitest';
import { FILE_ERROR_CODES, IMPORT_FIELDS, PLAN_ACTIONS, ROW_ERROR_CODES } from '../../../src/admin/import/codes.ts';
import { describeAction, describeFileError, describeRowIssue } from '../../../src/admin/import/messages.ts';

const LANGS = ['da', 'en'] as const;

describe('import messages', () => {
  it.each(LANGS)('%s: every row code reads as a sentence for every field, placeholders filled', (lang) => {
    for (const code of ROW_ERROR_CODES) {
      for (const field of IMPORT_FIELDS) {
        const sentence = describeRowIssue({ code, field }, lang);
        expect(sentence).toMatch(/^\p{Lu}.*[.]$/u);
        expect(sentence).not.toMatch(/[{}]/);
      }
    }
  });

  it.each(LANGS)('%s: every file code reads as a sentence, with the line first when known', (lang) => {
    for (const code of FILE_ERROR_CODES) {
      expect(describeFileError(code, { column: 'Efternvn' }, lang)).not.toMatch(/[{}]/);
      expect(describeFileError(code, { line: 7, column: 'x' }, lang)).toMatch(/^(Linje|Line) 7: /);
    }
  });

  it("says Danish and English differently for every code, and names the field in the reader's language", () => {
    for (const code of ROW_ERROR_CODES)
      expect(describeRowIssue({ code, field: 'email' }, 'da')).not.toBe(describeRowIssue({ code, field: 'email' }, 'en'));
    for (const code of FILE_ERROR_CODES) expect(describeFileError(code, {}, 'da')).not.toBe(describeFileError(code, {}, 'en'));
    for (const action of PLAN_ACTIONS) expect(describeAction(action, 'da')).not.toBe(describeAction(action, 'en'));
    expect(describeRowIssue({ code: 'required', field: 'given_name' }, 'da')).toBe('Feltet fornavn skal udfyldes.');
    expect(describeRowIssue({ code: 'required', field: 'given_name' }, 'en')).toBe('The given name must be filled in.');
  });
});
