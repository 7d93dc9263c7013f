// Property tests: whatever bytes arrive, the dry run answers with a report (never throws) and never echoes a CPR.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FILE_ERROR_CODES, ROW_ERROR_CODES } from '../../../src/admin/import/codes.ts';
import { dryRunImport } from '../../../src/admin/import/dry-run.ts';
import { cprKey } from './support.ts';

const HEADER = 'RID;Fornavn;Efternavn;E-mail;CPR;Roller;Rettigheder\n';
const CPR = '0101801234';
/** Pieces a CSV is made of, CPR included, so generated files hit quoting, delimiters and validation alike. */
const piece = fc.constantFrom(';', ',', '"', '""', '\n', '\r\n', '\r', ' ', 'Jens', 'Ærø', 'a@b.dk', CPR, '1001', 'urn:x:y', '|', 'brugeradministrator', '=1+1', '\u0000', '\uFEFF', '');
const csvText = fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join(''));
/** Raw bytes that are not UTF-8 on their own: Latin-1 letters, stray continuation bytes, a cut sequence. */
const badBytes = fc.constantFrom([0xf8], [0xe6, 0x3b], [0x80], [0xc3], [0xe2, 0x82], [0xff, 0xfe]);
const mixedBytes = fc.array(fc.oneof(piece.map((text) => [...Buffer.from(text, 'utf8')]), badBytes), { maxLength: 40 }).map((parts) => Uint8Array.from(parts.flat()));

const options = { kind: 'nemid' as const, cvr: '10000009', existing: [], cprKey, limits: { maxBytes: 4096, maxRowChars: 512 } };
const knownFileCodes = new Set<string>(FILE_ERROR_CODES);
const knownRowCodes = new Set<string>(ROW_ERROR_CODES);

/** Splits bytes into chunks at arbitrary points (multi-byte letters and CRLF may be cut). */
const chunked = (bytes: Uint8Array, cuts: number[]) => {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  return [0, ...points].map((start, i) => bytes.subarray(start, points[i] ?? bytes.length)).filter((chunk) => chunk.length > 0);
};

describe('dry run on arbitrary input', () => {
  it('always returns a report with known codes, and no CPR anywhere in it', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.boolean(), fc.array(fc.nat(), { maxLength: 5 }), async (body, withHeader, cuts) => {
        const bytes = Buffer.from((withHeader ? HEADER : '') + body, 'utf8');
        const report = await dryRunImport(chunked(bytes, cuts), options);
        if (report.fileError) expect(knownFileCodes.has(report.fileError.code)).toBe(true);
        for (const row of report.rows) if (row.status === 'refused') for (const issue of row.issues) expect(knownRowCodes.has(issue.code)).toBe(true);
        expect(JSON.stringify(report)).not.toContain(CPR);
      }),
      { numRuns: 300 },
    );
  });

  it('answers arbitrary bytes with a report too', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(), { maxLength: 5 }), async (body, cuts) => {
        const bytes = Buffer.concat([Buffer.from(HEADER), body]);
        const report = await dryRunImport(chunked(bytes, cuts), options);
        expect(report.totals.rows).toBe(report.rows.length);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same answer, line included, however a file with bad bytes or over the limit is chunked', async () => {
    await fc.assert(
      fc.asyncProperty(mixedBytes, fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 40, max: 400 }), async (body, cuts, maxBytes) => {
        const bytes = Buffer.concat([Buffer.from(HEADER), body]);
        const limited = { ...options, limits: { ...options.limits, maxBytes } };
        const whole = await dryRunImport([bytes], limited);
        const pieces = await dryRunImport(chunked(bytes, cuts), limited);
        expect(pieces.fileError).toEqual(whole.fileError);
        expect(pieces.rows).toEqual(whole.rows);
      }),
      { numRuns: 300 },
    );
  });

  it('reads the same file the same way however it is chunked', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.array(fc.nat(), { maxLength: 8 }), async (body, cuts) => {
        const bytes = Buffer.from(HEADER + body, 'utf8');
        const whole = await dryRunImport([bytes], options);
        const pieces = await dryRunImport(chunked(bytes, cuts), options);
        expect(pieces.rows).toEqual(whole.rows);
        expect(pieces.fileError).toEqual(whole.fileError);
      }),
      { numRuns: 300 },
    );
  });
});
