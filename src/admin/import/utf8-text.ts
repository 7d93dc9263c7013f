// Bytes → text for an import: enforces the byte limit and strict UTF-8 (BOM dropped); Latin-1 and UTF-16 are named and refused.
import { ImportFileError } from './errors.ts';

/** An import file as it arrives: a stream of byte (or text) chunks, e.g. a request body or a file read stream. */
export type ImportSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/**
 * Why refuse rather than decode legacy encodings: a non-UTF-8 file may be Windows-1252, ISO-8859-15, or DOS
 * code page 850 (all seen in old Danish exports), and a wrong guess silently turns names into other letters
 * that would then be stored. Re-saving as "CSV UTF-8" is one step for the administrator; a wrong name is not.
 *
 * A problem is raised at its byte: the text before it is yielded first, so the reader meets problems in file
 * order and a file gets the same answer however its bytes were chunked. A U+FFFD in the text counts as
 * undecodable too (an earlier tool already lost letters there).
 */
export async function* utf8Text(source: ImportSource, maxBytes: number): AsyncGenerator<string> {
  // The BOM is kept by the decoder and dropped below, so decoded text and bytes stay aligned for `pending`.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let bytesSeen = 0;
  let linesSeen = 1;
  let started = false;
  /** The bytes of an incomplete sequence the decoder holds from the previous chunk (at most 3). */
  let pending: Uint8Array = new Uint8Array(0);
  for await (const whole of byteChunks(source)) {
    if (bytesSeen === 0 && hasUtf16Bom(whole)) throw new ImportFileError('encoding_utf16');
    const chunk = whole.subarray(0, Math.max(0, maxBytes - bytesSeen));
    bytesSeen += whole.byteLength;
    const window = Buffer.concat([pending, chunk]);
    const text = decoder.decode(chunk, { stream: true });
    const from = !started && text.startsWith('\uFEFF') ? 1 : 0;
    if (text.length > 0) started = true;
    const bad = firstBadChar(text);
    if (bad) {
      if (bad.at > from) yield text.slice(from, bad.at);
      throw encodingError(bad, text, window, linesSeen);
    }
    pending = window.subarray(Buffer.byteLength(text, 'utf8'));
    linesSeen += countLines(text);
    if (text.length > from) yield text.slice(from);
    if (bytesSeen > maxBytes) throw new ImportFileError('file_too_large');
  }
  const rest = decoder.decode();
  if (rest.length > 0) throw encodingError({ at: 0, nul: false }, rest, pending, linesSeen);
}

/** The source as byte chunks, the first one holding at least two bytes (enough to see a UTF-16 byte-order mark). */
async function* byteChunks(source: ImportSource): AsyncGenerator<Uint8Array> {
  let head: Uint8Array | undefined = new Uint8Array(0);
  for await (const input of source) {
    const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    if (head === undefined) {
      yield bytes;
      continue;
    }
    head = Buffer.concat([head, bytes]);
    if (head.byteLength >= 2) {
      yield head;
      head = undefined;
    }
  }
  if (head !== undefined && head.byteLength > 0) yield head;
}

/** The error for the first bad character of `text`, decoded from `window` (the pending bytes, then this chunk). */
function encodingError(bad: { at: number; nul: boolean }, text: string, window: Uint8Array, linesBefore: number): ImportFileError {
  const line = linesBefore + countLines(text.slice(0, bad.at));
  if (bad.nul) return new ImportFileError('encoding_utf16', { line });
  const badByte = window[Buffer.byteLength(text.slice(0, bad.at), 'utf8')];
  return new ImportFileError(badByte !== undefined && LATIN1_LETTERS.has(badByte) ? 'encoding_latin1' : 'encoding_not_utf8', { line });
}

function hasUtf16Bom(chunk: Uint8Array): boolean {
  const [a, b] = chunk;
  return (a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff);
}

/** The first replacement character (undecodable bytes) or NUL (UTF-16 read as bytes), whichever comes first. */
function firstBadChar(text: string): { at: number; nul: boolean } | undefined {
  const replacement = text.indexOf('\uFFFD');
  const nul = text.indexOf('\u0000');
  if (replacement === -1 && nul === -1) return undefined;
  if (nul !== -1 && (replacement === -1 || nul < replacement)) return { at: nul, nul: true };
  return { at: replacement, nul: false };
}

function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines += 1;
  return lines;
}

/** Danish letters as Latin-1 / Windows-1252 single bytes: Æ Ø Å æ ø å (and é, ü, ö seen in names). */
const LATIN1_LETTERS = new Set([0xc6, 0xd8, 0xc5, 0xe6, 0xf8, 0xe5, 0xe9, 0xfc, 0xf6, 0xc9, 0xdc, 0xd6]);
