// The dry-run report as CSV lines for download: one line per accepted row, one per issue of a refused row.
import type { Lang } from '../../http/i18n.ts';
import { describeAction, describeFileError, describeRowIssue } from './messages.ts';
import type { DryRunReport } from './report.ts';
import { toSafeCsv, type SafeCsvOptions } from './safe-csv.ts';

const COLUMNS = {
  da: [
    { key: 'row', header: 'Række' }, { key: 'status', header: 'Status' }, { key: 'action', header: 'Handling' },
    { key: 'field', header: 'Felt' }, { key: 'code', header: 'Kode' }, { key: 'message', header: 'Besked' },
  ],
  en: [
    { key: 'row', header: 'Row' }, { key: 'status', header: 'Status' }, { key: 'action', header: 'Action' },
    { key: 'field', header: 'Field' }, { key: 'code', header: 'Code' }, { key: 'message', header: 'Message' },
  ],
} as const;

type CsvLine = Record<(typeof COLUMNS)['en'][number]['key'], string | number>;

export function reportCsvLines(report: DryRunReport, lang: Lang): CsvLine[] {
  const lines: CsvLine[] = [];
  if (report.fileError) {
    const { code, ...place } = report.fileError;
    lines.push({ row: '', status: 'refused', action: '', field: '', code, message: describeFileError(code, place, lang) });
  }
  for (const outcome of report.rows) {
    if (outcome.status === 'accepted') {
      lines.push({ row: outcome.row, status: 'accepted', action: outcome.action, field: (outcome.fields ?? []).join('|'), code: '', message: describeAction(outcome.action, lang) });
      continue;
    }
    for (const issue of outcome.issues) {
      lines.push({ row: outcome.row, status: 'refused', action: '', field: issue.field ?? '', code: issue.code, message: describeRowIssue(issue, lang) });
    }
  }
  return lines;
}

/** The report as a spreadsheet-safe CSV in the reader's language. */
export function reportToCsv(report: DryRunReport, lang: Lang, csvOptions: SafeCsvOptions = {}): string {
  return toSafeCsv(reportCsvLines(report, lang), COLUMNS[lang], csvOptions);
}
