// The streaming CSV reader: encodings, delimiters, limits and malformed quoting give clear file errors, never a crash.
import { describe, expect, it } from 'vitest';
import { openCsv, type CsvRecord } from '../../../src/admin/import/csv-reader.ts';
import { ImportFileError } from '../../../src/admin/import/errors.ts';

async function readAll(chunks: (string | Uint8Array)[], limits = {}): Promise<{ delimiter: string; records: CsvRecord[] }> {
  const file = await openCsv(chunks, limits);
  const records: CsvRecord[] = [];
  for await (const record of file.records) records.push(record);
  return { delimiter: file.delimiter, records };
}

async function fileError(chunks: (string | Uint8Array)[], limits = {}): Promise<ImportFileError> {
  try {
    await readAll(chunks, limits);
  } catch (error) {
    if (error instanceof ImportFileError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('openCsv', () => {
  it('reads a ;-separated UTF-8 file with a BOM, Danish letters intact', async () => {
    const bytes = Buffer.from('\uFEFFFornavn;Efternavn\r\nSøren;Ærø\r\n', 'utf8');
    const { delimiter, records } = await readAll([bytes]);
    expect(delimiter).toBe(';');
    expect(records).toEqual([{ row: 1, cells: ['Fornavn', 'Efternavn'] }, { row: 2, cells: ['Søren', 'Ærø'] }]);
  });

  it('detects , and keeps ; inside cells', async () => {
    const { delimiter, records } = await readAll(['given_name,family_name,note\nJens,Hansen,a;b\n']);
    expect(delimiter).toBe(',');
    expect(records[1]?.cells).toEqual(['Jens', 'Hansen', 'a;b']);
  });

  it('detects ; when the header has commas only inside quotes', async () => {
    const { delimiter } = await readAll(['"Navn, fulde";E-mail\nA;b\n']);
    expect(delimiter).toBe(';');
  });

  it('decodes a multi-byte letter split across chunks', async () => {
    const bytes = Buffer.from('a;b\nø;å\n', 'utf8');
    const chunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
    const { records } = await readAll(chunks);
    expect(records[1]?.cells).toEqual(['ø', 'å']);
  });

  it('counts rows as a spreadsheet does: quoted line breaks stay in one row, empty lines are rows', async () => {
    const { records } = await readAll(['a;b\n"x\ny";1\n\n2;3\n']);
    expect(records.map((record) => record.row)).toEqual([1, 2, 3, 4]);
    expect(records[1]?.cells).toEqual(['x\ny', '1']);
    expect(records[3]?.cells).toEqual(['2', '3']);
  });

  it('takes any line end, even mixed in one file and a CRLF cut between chunks', async () => {
    const { records } = await readAll(['a;b\r', '\n1;2\n3;4\r5;6\r\n"x\r\ny";7']);
    expect(records.map((record) => record.cells)).toEqual([['a', 'b'], ['1', '2'], ['3', '4'], ['5', '6'], ['x\r\ny', '7']]);
  });

  it('streams: rows come out before the source ends (an endless source is read lazily)', async () => {
    async function* endless(): AsyncGenerator<string> {
      yield 'a;b\n';
      for (let i = 0; ; i += 1) yield `${i};${i}\n`;
    }
    const file = await openCsv(endless());
    const seen: string[] = [];
    for await (const record of file.records) {
      seen.push(record.cells[0]!);
      if (seen.length === 5) break;
    }
    expect(seen).toEqual(['a', '0', '1', '2', '3']);
  });

  it('refuses Latin-1 / Windows-1252 and names the line', async () => {
    const error = await fileError([Buffer.from('Fornavn;Efternavn\nJens;Hansen\nSøren;Ærø\n', 'latin1')]);
    expect(error.code).toBe('encoding_latin1');
    expect(error.place.line).toBe(3);
  });

  it('names the same Latin-1 line however the bytes are chunked (a letter cut from what follows it)', async () => {
    const bytes = Buffer.from('a;b\nJens;Hansen\nSøren;x\n', 'latin1');
    const oneByOne = Array.from(bytes, (byte) => Uint8Array.of(byte));
    expect(await fileError(oneByOne)).toMatchObject({ code: 'encoding_latin1', place: { line: 3 } });
  });

  it('refuses a U+FFFD (letters an earlier tool already lost) as not UTF-8', async () => {
    expect(await fileError(['a;b\nJ\uFFFDrgen;x\n'])).toMatchObject({ code: 'encoding_not_utf8', place: { line: 2 } });
  });

  it('refuses other invalid UTF-8 as not UTF-8', async () => {
    const error = await fileError([Uint8Array.from([0x61, 0x3b, 0x62, 0x0a, 0x80, 0x81, 0x0a])]);
    expect(error.code).toBe('encoding_not_utf8');
  });

  it('refuses UTF-16 (with a BOM, or NUL bytes without one)', async () => {
    expect((await fileError([Buffer.from('\uFEFFa;b\n1;2\n', 'utf16le')])).code).toBe('encoding_utf16');
    expect((await fileError([Buffer.from('a;b\n1;2\n', 'utf16le')])).code).toBe('encoding_utf16');
    const oneByOne = Array.from(Buffer.from('\uFEFFa;b\n', 'utf16le'), (byte) => Uint8Array.of(byte));
    expect((await fileError(oneByOne)).code).toBe('encoding_utf16');
  });

  it('refuses a file over the byte limit without reading it all', async () => {
    let chunksRead = 0;
    async function* big(): AsyncGenerator<string> {
      yield 'a;b\n';
      for (;;) {
        chunksRead += 1;
        yield '1;2\n'.repeat(256);
      }
    }
    const file = await openCsv(big(), { maxBytes: 100_000 });
    const refused = await (async () => {
      try {
        for await (const record of file.records) expect(record.cells).toHaveLength(2);
      } catch (caught) {
        return caught as ImportFileError;
      }
      return undefined;
    })();
    expect(refused?.code).toBe('file_too_large');
    expect(chunksRead).toBeLessThan(200);
  });

  it('refuses an empty file (or only blank lines)', async () => {
    expect((await fileError([''])).code).toBe('empty_file');
    expect((await fileError(['\uFEFF\r\n\r\n'])).code).toBe('empty_file');
  });

  it('refuses malformed quoting with its line, never the cell text', async () => {
    const error = await fileError(['a;b\n1;2\n"0101801234"x;3\n']);
    expect(error.code).toBe('malformed_quoting');
    expect(error.place.line).toBe(3);
    expect(error.message).not.toContain('0101801234');
  });

  it('refuses a quote in the middle of an unquoted cell', async () => {
    expect((await fileError(['a;b\n1;2\nx"y;3\n'])).code).toBe('malformed_quoting');
  });

  it('refuses a quoted cell that never closes', async () => {
    const error = await fileError(['a;b\n1;"2\n3;4\n']);
    expect(error.code).toBe('quote_not_closed');
  });

  it('refuses endless blank space before the header without holding it', async () => {
    expect(await fileError(['\n'.repeat(5000), 'a;b\n'], { maxRowChars: 1000 })).toMatchObject({ code: 'missing_header' });
    const text = `${'\r\n'.repeat(300)}a;b\n1;2\n`;
    expect(await fileError([text], { maxRowChars: 500 })).toMatchObject({ code: 'missing_header' });
    expect(await fileError(text.match(/[\s\S]{1,7}/g)!, { maxRowChars: 500 })).toMatchObject({ code: 'missing_header' });
    expect((await readAll([text], { maxRowChars: 700 })).records.at(-1)).toEqual({ row: 302, cells: ['1', '2'] });
  });

  it('refuses a row over the per-row limit (memory stays bounded on a runaway quote)', async () => {
    const error = await fileError(['a;b\n1;"', 'x'.repeat(5000), '\n'.repeat(10)], { maxRowChars: 1000 });
    expect(error.code).toBe('record_too_large');
    expect((await fileError(['a'.repeat(2000)], { maxRowChars: 1000 })).code).toBe('record_too_large');
  });
});
