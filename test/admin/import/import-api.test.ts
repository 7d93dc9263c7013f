// The import API over HTTP: text/csv dry run and commit with Idempotency-Key, the job resource, mass activation, and every bad file refused cleanly.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ADMIN_API_PREFIX } from '../../../src/admin/api/router.ts';
import { adminApiHarness, HAVNEN, OPERATOR, TOEMRER, type AdminApiHarness } from '../support.ts';
import { NEMID_HEADER, nemidCsv } from './fixtures.ts';

const FILE = nemidCsv([
  { rid: '70001', givenName: 'Ole', familyName: 'Hansen', email: 'ole@toemrer.example', cpr: '010180-1234', roles: 'Brugeradministrator' },
  { rid: '70002', givenName: 'Bente', familyName: 'Bøgh', email: 'bente@toemrer.example', birthDate: '1975-05-17' },
]);
const IMPORTS = `${ADMIN_API_PREFIX}/organisations/${TOEMRER}/imports/nemid`;

const upload = (h: AdminApiHarness, path: string, body: string | Buffer) =>
  request(h.app.callback()).post(path).set('Authorization', OPERATOR).set('Content-Type', 'text/csv').send(body);

async function stored(h: AdminApiHarness) {
  return {
    users: await h.directory.userRecordsOf(TOEMRER),
    audit: await h.directory.auditHead(`org:${TOEMRER}`),
    outbox: await h.directory.outboxMessages(`org:${TOEMRER}`),
  };
}

describe('import API', () => {
  it('dry run → commit (201, replayed by its Idempotency-Key) → job resource → mass activation', async () => {
    const h = await adminApiHarness();
    const before = await stored(h);
    const dry = await upload(h, `${IMPORTS}/dry-run`, FILE);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      committable: true,
      totals: { create: 2 },
      rows: [
        { row: 2, status: 'accepted', action: 'create' },
        { row: 3, status: 'accepted', action: 'create' },
      ],
    });
    expect(await stored(h)).toEqual(before);

    const commit = await upload(h, IMPORTS, FILE).set('Idempotency-Key', 'signatures-1');
    expect(commit.status).toBe(201);
    expect(commit.body).toMatchObject({ state: 'completed', written: { created: 2 } });
    const replay = await upload(h, IMPORTS, FILE).set('Idempotency-Key', 'signatures-1');
    expect(replay.body).toEqual(commit.body);
    const job = await request(h.app.callback())
      .get(`${ADMIN_API_PREFIX}/organisations/${TOEMRER}/import-jobs/${commit.body.id}`)
      .set('Authorization', OPERATOR);
    expect(job.status).toBe(200);
    expect(job.body).toEqual(commit.body);
    const elsewhere = await request(h.app.callback())
      .get(`${ADMIN_API_PREFIX}/organisations/${HAVNEN}/import-jobs/${commit.body.id}`)
      .set('Authorization', OPERATOR);
    expect(elsewhere.status).toBe(404);

    const activation = await request(h.app.callback())
      .post(`${ADMIN_API_PREFIX}/organisations/${TOEMRER}/activations/imported`)
      .set('Authorization', OPERATOR)
      .send({ means: ['app'] });
    expect(activation.status).toBe(200);
    expect(activation.body).toMatchObject({ selected: 2, activated: 2, linksQueued: 2 });
    const refusedMeans = await request(h.app.callback())
      .post(`${ADMIN_API_PREFIX}/organisations/${TOEMRER}/activations/imported`)
      .set('Authorization', OPERATOR)
      .send({ means: ['teleport'] });
    expect(refusedMeans.status).toBe(400);
  });

  const BAD_FILES: [string, string | Buffer, object][] = [
    ['Latin-1 (an old export)', Buffer.from(FILE.replace('\uFEFF', ''), 'latin1'), { fileError: { code: 'encoding_latin1' } }],
    ['malformed quoting', FILE.replace('70002;Bente', '70002;"Bente"x'), { fileError: { code: 'malformed_quoting' } }],
    ['a missing column', FILE.replace(NEMID_HEADER, NEMID_HEADER.replace('RID-nummer;', '')), { fileError: { code: 'missing_column' } }],
    ['an unknown column', FILE.replace('Rettigheder', 'Rettighederne'), { fileError: { code: 'unknown_column' } }],
    [
      'extra cells in a row',
      FILE.replace('1975-05-17;;', '1975-05-17;;;surplus'),
      { rows: expect.arrayContaining([{ row: 3, status: 'refused', issues: [{ code: 'extra_cells' }] }]) },
    ],
    [
      "another organisation's row",
      `${NEMID_HEADER};CVR-nummer\r\n70001;Ole;Hansen;ole@toemrer.example;010180-1234;;;;${HAVNEN}\r\n`,
      { rows: [{ row: 2, status: 'refused', issues: [{ code: 'other_organisation', field: 'cvr' }] }] },
    ],
    [
      'a duplicate row',
      `${FILE + FILE.split('\r\n')[1]}\r\n`,
      { rows: expect.arrayContaining([{ row: 4, status: 'refused', issues: [{ code: 'duplicate_row', field: 'rid' }] }]) },
    ],
    [
      'a right not in the catalogue',
      FILE.replace('Brugeradministrator;', 'Brugeradministrator;urn:dk:no-such:right'),
      { rows: expect.arrayContaining([{ row: 2, status: 'refused', issues: [{ code: 'unknown_right', field: 'rights' }] }]) },
    ],
    [
      'an invalid CPR and e-mail',
      FILE.replace('010180-1234', '999999-1234').replace('bente@toemrer.example', 'bente@'),
      { totals: { refused: 2 } },
    ],
  ];
  for (const [name, body, expected] of BAD_FILES) {
    it(`refuses ${name}: 422 problem with the report, nothing written, the dry run says the same`, async () => {
      const h = await adminApiHarness();
      const before = await stored(h);
      const res = await upload(h, IMPORTS, body).set('Idempotency-Key', 'bad');
      expect(res.status).toBe(422);
      expect(res.type).toBe('application/problem+json');
      expect(res.body).toMatchObject({ code: 'import_refused', report: { committable: false, ...expected } });
      expect(JSON.stringify(res.body)).not.toContain('010180');
      expect(await stored(h)).toEqual(before);
      const dry = await upload(h, `${IMPORTS}/dry-run`, body);
      expect(dry.status).toBe(200);
      expect(dry.body).toEqual(res.body.report);
    });
  }

  it('refuses a body that is not text/csv (415) and one declared over 50 MiB (413) without reading it', async () => {
    const h = await adminApiHarness();
    const json = await request(h.app.callback()).post(IMPORTS).set('Authorization', OPERATOR).send({ rows: [] });
    expect(json.status).toBe(415);
    const server = h.app.listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            port,
            method: 'POST',
            path: IMPORTS,
            headers: { Authorization: OPERATOR, 'Content-Type': 'text/csv', 'Content-Length': String(50 * 2 ** 20 + 1) },
          },
          (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode!, body }));
          },
        );
        req.on('error', reject);
        req.write(FILE);
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'payload_too_large' });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
