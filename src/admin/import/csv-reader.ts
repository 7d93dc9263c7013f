// Streaming CSV reader (csv-parse): UTF-8 text in, one record of cells at a time out, memory bounded by the largest row.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { detectDelimiter, type CsvDelimiter } from './delimiter.ts';
import { ImportFileError } from './errors.ts';
import { utf8Text, type ImportSource } from './utf8-text.ts';

export interface CsvLimits {
  /** Refuse files larger than this many bytes (default 50 MiB). */
  maxBytes: number;
  /** Refuse a single row larger than this many characters (default 64 KiB): bounds memory on an unclosed quote. */
  maxRowChars: number;
}

export const DEFAULT_CSV_LIMITS: CsvLimits = { maxBytes: 50 * 1024 * 1024, maxRowChars: 64 * 1024 };

/** One record: `row` is its spreadsheet row number (the header is row 1), `cells` its raw cell texts. */
export interface CsvRecord {
  row: number;
  cells: string[];
}

export interface CsvFile {
  delimiter: CsvDelimiter;
  /** Every record including the header, in order; throws ImportFileError for a file-level problem. */
  records: AsyncGenerator<CsvRecord>;
}

/** Opens a CSV byte (or text) stream: detects the delimiter from the header line, then parses lazily. */
export async function openCsv(source: ImportSource, limits: Partial<CsvLimits> = {}): Promise<CsvFile> {
  const { maxBytes, maxRowChars } = { ...DEFAULT_CSV_LIMITS, ...limits };
  const text = utf8Text(source, maxBytes);
  const head = await readHeaderLine(text, maxRowChars);
  const delimiter = detectDelimiter(head.line);
  return { delimiter, records: parseRecords(prepend(head.buffered, text), delimiter, maxRowChars) };
}

/** Reads text until the first line break (the header line), keeping what was read for the parser. */
async function readHeaderLine(text: AsyncGenerator<string>, maxRowChars: number): Promise<{ line: string; buffered: string }> {
  let buffered = '';
  while (!/[\r\n]/.test(buffered)) {
    const next = await text.next();
    if (next.done) break;
    buffered += next.value;
    if (buffered.length > maxRowChars && !/[\r\n]/.test(buffered.slice(0, maxRowChars))) throw new ImportFileError('record_too_large', { line: 1 });
  }
  if (buffered.trim() === '') throw new ImportFileError('empty_file');
  return { line: buffered.split(/\r?\n|\r/, 1)[0] ?? '', buffered };
}

async function* prepend(first: string, rest: AsyncGenerator<string>): AsyncGenerator<string> {
  yield first;
  yield* rest;
}

async function* parseRecords(text: AsyncGenerator<string>, delimiter: CsvDelimiter, maxRowChars: number): AsyncGenerator<CsvRecord> {
  const parser = parse({
    delimiter,
    relax_column_count: true, // a row's cell count is checked against the header by the caller, per row
    skip_empty_lines: false, // empty lines still count as spreadsheet rows, so row numbers match what people see
    max_record_size: maxRowChars,
    info: true,
  });
  const feeding = pipeline(Readable.from(text), parser);
  feeding.catch(() => undefined); // its failure surfaces through the iteration below
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { records: number } }>) {
      yield { row: info.records, cells: record };
    }
    await feeding;
  } catch (error) {
    throw asFileError(error);
  } finally {
    parser.destroy();
  }
}

/** csv-parse's errors carry cell values in their messages: only the code and line are kept. */
function asFileError(error: unknown): unknown {
  if (error instanceof ImportFileError) return error;
  if (error instanceof CsvError) {
    const line = typeof (error as { lines?: unknown }).lines === 'number' ? (error as unknown as { lines: number }).lines : undefined;
    const place = line ? { line } : {};
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') return new ImportFileError('quote_not_closed', place);
    if (error.code === 'CSV_MAX_RECORD_SIZE') return new ImportFileError('record_too_large', place);
    return new ImportFileError('malformed_quoting', place);
  }
  return error;
}
