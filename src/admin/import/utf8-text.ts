// Bytes → text for an import: enforces the byte limit and strict UTF-8 (BOM dropped); Latin-1 and UTF-16 are named and refused.
import { ImportFileError } from './errors.ts';

/** An import file as it arrives: a stream of byte (or text) chunks, e.g. a request body or a file read stream. */
export type ImportSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/**
 * Why refuse rather than decode legacy encodings: a non-UTF-8 file may be Windows-1252, ISO-8859-15, or DOS
 * code page 850 (all seen in old Danish exports), and a wrong guess silently turns names into other letters
 * that would then be stored. Re-saving as "CSV UTF-8" is one step for the administrator; a wrong name is not.
 */
export async function* utf8Text(source: ImportSource, maxBytes: number): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytesSeen = 0;
  let linesSeen = 1;
  let first = true;
  for await (const input of source) {
    const chunk = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    bytesSeen += chunk.byteLength;
    if (bytesSeen > maxBytes) throw new ImportFileError('file_too_large');
    if (first && chunk.byteLength > 0) {
      first = false;
      if (looksLikeUtf16(chunk)) throw new ImportFileError('encoding_utf16');
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw notUtf8(chunk, linesSeen);
    }
    if (text.includes('\u0000')) throw new ImportFileError('encoding_utf16', { line: linesSeen + countLines(text.slice(0, text.indexOf('\u0000'))) });
    linesSeen += countLines(text);
    if (text.length > 0) yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest.length > 0) yield rest;
  } catch {
    throw new ImportFileError('encoding_not_utf8', { line: linesSeen });
  }
}

function looksLikeUtf16(chunk: Uint8Array): boolean {
  const [a, b] = chunk;
  return (a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff);
}

function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines += 1;
  return lines;
}

/** Danish letters as Latin-1 / Windows-1252 single bytes: Æ Ø Å æ ø å (and é, ü, ö seen in names). */
const LATIN1_LETTERS = new Set([0xc6, 0xd8, 0xc5, 0xe6, 0xf8, 0xe5, 0xe9, 0xfc, 0xf6, 0xc9, 0xdc, 0xd6]);

/** Names the first undecodable byte's line, and Latin-1 when the bad bytes are Danish letters in that encoding. */
function notUtf8(chunk: Uint8Array, linesBefore: number): ImportFileError {
  const text = new TextDecoder('utf-8').decode(chunk);
  const line = linesBefore + countLines(text.slice(0, Math.max(0, text.indexOf('\uFFFD'))));
  const latin1 = chunk.some((byte, i) => LATIN1_LETTERS.has(byte) && !isContinuation(chunk[i + 1]));
  return new ImportFileError(latin1 ? 'encoding_latin1' : 'encoding_not_utf8', { line });
}

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}
