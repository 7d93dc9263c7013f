// The one error an import file is refused with: a stable code, and where (line, column) when known.
import type { FileErrorCode } from './codes.ts';

/** Where a file error was found. `column` is a header name, with long digit runs masked (a CPR must never be echoed). */
export interface FileErrorPlace {
  line?: number;
  column?: string;
}

export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';

  constructor(
    readonly code: FileErrorCode,
    readonly place: FileErrorPlace = {},
  ) {
    super(`import file refused: ${code}${place.line ? ` at line ${place.line}` : ''}${place.column ? ` (column "${place.column}")` : ''}`);
  }
}

/** A header cell as it may be shown back: runs of 6+ digits (a CPR in a data row taken for the header) are masked. */
export function maskDigits(text: string): string {
  return text.replace(/\d{6,}/g, (digits) => '•'.repeat(digits.length)).slice(0, 80);
}
