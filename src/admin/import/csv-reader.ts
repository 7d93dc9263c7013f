// Streaming CSV reader (csv-parse): UTF-8 text in, one record of cells at a time out, memory bounded by the largest row.
import type { TransformOptions } from 'node:stream';
import { CsvError, parse, type Options } from 'csv-parse';
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

/**
 * Reads text until the first non-blank line is complete (the header line), keeping what was read for the parser.
 * Bounded like any row: the header line must end within the first `maxRowChars` characters (blank lines before
 * it included), judged by position so that the answer does not depend on how the text was chunked.
 */
async function readHeaderLine(text: AsyncGenerator<string>, maxRowChars: number): Promise<{ line: string; buffered: string }> {
  let buffered = '';
  for (;;) {
    const content = firstContentLine(buffered);
    if (content?.complete && content.end <= maxRowChars) return { line: content.line, buffered };
    if (buffered.length > maxRowChars) throw new ImportFileError(content && content.start < maxRowChars ? 'record_too_large' : 'missing_header', { line: 1 });
    let next: IteratorResult<string>;
    do {
      next = await text.next();
      if (!next.done) buffered += next.value;
    } while (!next.done && !/[\r\n]/.test(next.value) && buffered.length <= maxRowChars);
    if (next.done) break;
  }
  const content = firstContentLine(buffered);
  if (!content) throw new ImportFileError('empty_file');
  if (content.end > maxRowChars) throw new ImportFileError(content.start < maxRowChars ? 'record_too_large' : 'missing_header', { line: 1 });
  return { line: content.line, buffered };
}

/** The first line with more than delimiters, quotes and spaces (a spreadsheet may save empty rows as `;;;`), and where it is. */
function firstContentLine(text: string): { line: string; start: number; end: number; complete: boolean } | undefined {
  const pattern = /([^\r\n]*)(\r\n|\n|\r|$)/g;
  for (let match = pattern.exec(text); match !== null && match.index < text.length; match = pattern.exec(text)) {
    const line = match[1]!;
    if (/[^;,"\s]/.test(line)) return { line, start: match.index, end: match.index + line.length, complete: match[2] !== '' };
    if (match[0] === '') break;
  }
  return undefined;
}

async function* prepend(first: string, rest: AsyncIterable<string>): AsyncGenerator<string> {
  yield first;
  yield* rest;
}

type ParsedItem = { record: string[]; info: { records: number } };

/**
 * Drives csv-parse by hand: each text chunk is written and every record it completes is taken out before the
 * next chunk is read, so rows and errors come out in file order whatever the chunking, and only one chunk's
 * records are ever buffered.
 */
async function* parseRecords(text: AsyncIterable<string>, delimiter: CsvDelimiter, maxRowChars: number): AsyncGenerator<CsvRecord> {
  const options: Options & Pick<TransformOptions, 'readableHighWaterMark'> = {
    delimiter,
    // Any line end, even mixed in one file (hand-edited exports); csv-parse would otherwise fix on the first it meets.
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true, // a row's cell count is checked against the header by the caller, per row
    skip_empty_lines: false, // empty lines still count as spreadsheet rows, so row numbers match what people see
    max_record_size: maxRowChars,
    info: true,
    // Records are taken out after every write, so the readable side never needs to push back on the writer
    // (which would defer parsing of the next chunk and break the file order of errors).
    readableHighWaterMark: Number.MAX_SAFE_INTEGER, // a stream option csv-parse passes on to its Transform
  };
  const parser = parse(options);
  parser.on('error', () => undefined); // read from parser.errored below, in order
  function* drain(): Generator<CsvRecord> {
    for (let item = parser.read() as ParsedItem | null; item !== null; item = parser.read() as ParsedItem | null) {
      yield { row: item.info.records, cells: item.record };
    }
    if (parser.errored) throw asFileError(parser.errored);
  }
  try {
    for await (const chunk of text) {
      parser.write(chunk);
      yield* drain();
    }
    parser.end();
    for await (const item of parser as AsyncIterable<ParsedItem>) yield { row: item.info.records, cells: item.record };
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
