// A text/csv request body for the import operations, spooled to a private temporary file: a commit reads the file twice.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CSV_LIMITS } from '../import/csv-reader.ts';
import type { ImportSource } from '../import/utf8-text.ts';

export interface CsvUpload {
  /** The uploaded bytes from the start, as often as needed. */
  open(): ImportSource;
}

/**
 * Keeps at most one byte more than the import accepts, so an oversized chunked body is refused by the import
 * itself (file_too_large in its report) without reading the rest; the file (it may hold CPR numbers) is private
 * to this process's user and removed as soon as the operation ends.
 */
export async function withCsvUpload<T>(
  req: IncomingMessage,
  run: (upload: CsvUpload) => Promise<T>,
  maxBytes = DEFAULT_CSV_LIMITS.maxBytes,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'kontekst-import-'));
  const path = join(dir, 'upload.csv');
  try {
    await spool(req, path, maxBytes + 1);
    return await run({ open: () => createReadStream(path) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function spool(req: IncomingMessage, path: string, keep: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(path, { mode: 0o600 });
    let kept = 0;
    const finish = () => {
      req.off('data', onData);
      req.off('end', finish);
      req.off('error', fail);
      out.end(() => resolve());
    };
    const fail = (error: Error) => {
      out.destroy();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      const part = chunk.subarray(0, keep - kept);
      kept += part.length;
      if (part.length > 0 && !out.write(part)) {
        req.pause();
        out.once('drain', () => req.resume());
      }
      if (kept >= keep) {
        // Enough to know the file is too large: stop reading (the answer closes the connection).
        req.pause();
        finish();
      }
    };
    req.on('data', onData);
    req.on('end', finish);
    req.on('error', fail);
    out.on('error', fail);
  });
}
