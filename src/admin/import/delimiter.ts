// Which delimiter a CSV file uses, read from its header line: `;` (Danish spreadsheets) or `,`.

export type CsvDelimiter = ';' | ',';

/** The delimiter seen more often outside quotes in the header line; `;` on a tie (the Danish default). */
export function detectDelimiter(headerLine: string): CsvDelimiter {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === ';') semicolons += 1;
    else if (!quoted && char === ',') commas += 1;
  }
  return commas > semicolons ? ',' : ';';
}
