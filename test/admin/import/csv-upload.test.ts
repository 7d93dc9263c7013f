// The API's CSV upload: spooled privately, cut one byte past the limit without reading the rest, removed afterwards.
import { existsSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { withCsvUpload } from '../../../src/admin/api/csv-upload.ts';
import { dryRunImport } from '../../../src/admin/import/dry-run.ts';
import { cprKey } from './support.ts';
import { manySignatures, nemidCsv } from './fixtures.ts';

const LIMIT = 16 * 1024;

async function bytesOf(source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): Promise<number> {
  let total = 0;
  for await (const chunk of source) total += Buffer.byteLength(chunk);
  return total;
}

describe('CSV upload', () => {
  it('keeps a body within the limit whole, readable as often as needed, and removes it afterwards', async () => {
    const body = nemidCsv(manySignatures(20));
    const req = new PassThrough();
    req.end(body);
    let path = '';
    const sizes = await withCsvUpload(
      req as unknown as IncomingMessage,
      async (upload) => {
        const stream = upload.open() as unknown as { path: string };
        path = stream.path;
        expect(statSync(path).mode & 0o077).toBe(0);
        return [await bytesOf(stream as never), await bytesOf(upload.open())];
      },
      LIMIT,
    );
    expect(sizes).toEqual([Buffer.byteLength(body), Buffer.byteLength(body)]);
    expect(existsSync(path)).toBe(false);
  });

  it('stops reading an endless body one byte past the limit; the import then refuses it as file_too_large', async () => {
    const req = new PassThrough();
    let written = 0;
    // Never ends: only stopping at the limit lets this test finish.
    const feed = setInterval(() => {
      if (req.writableNeedDrain) return;
      req.write(nemidCsv(manySignatures(10)));
      written += 1;
    }, 1);
    try {
      const report = await withCsvUpload(
        req as unknown as IncomingMessage,
        async (upload) => {
          expect(await bytesOf(upload.open())).toBe(LIMIT + 1);
          return dryRunImport(upload.open(), { kind: 'nemid', cvr: '12345674', existing: [], cprKey, limits: { maxBytes: LIMIT } });
        },
        LIMIT,
      );
      expect(report.fileError?.code).toBe('file_too_large');
      expect(report.committable).toBe(false);
      expect(written).toBeGreaterThan(0);
    } finally {
      clearInterval(feed);
    }
  });
});
