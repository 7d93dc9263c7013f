// The admin REST API over real HTTP: conventions (problem+json, 401/403/404/409/412/413, ETag/If-Match, Idempotency-Key) and commands end to end.
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { adminApiHarness, asUser, HAVNEN, JENS_TOEMRER, KAREN_HAVNEN, OPERATOR, TOEMRER, type AdminApiHarness } from './support.ts';

const API = '/admin/api/v1';
const NEW_CVR = '10000009';
const person = { givenName: 'Lise', familyName: 'Nørgaard', email: 'lise@example.dk' };

let h: AdminApiHarness;
let http: ReturnType<typeof request>;
beforeEach(async () => {
  h = await adminApiHarness();
  http = request(h.app.callback());
});

describe('admin API conventions', () => {
  it('answers 401 problem+json without a valid token', async () => {
    const res = await http.get(`${API}/organisations`);
    expect(res.status).toBe(401);
    expect(res.type).toBe('application/problem+json');
    expect(res.body).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it("answers 403 when the role does not allow the command, 404 for another organisation's records", async () => {
    expect((await http.get(`${API}/organisations`).set('Authorization', asUser(KAREN_HAVNEN))).body.code).toBe('forbidden');
    const other = await http.get(`${API}/organisations/${TOEMRER}/users/${JENS_TOEMRER}`).set('Authorization', asUser(KAREN_HAVNEN));
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('not_found');
  });

  it('names the field of bad input, and never echoes the value', async () => {
    const res = await http
      .post(`${API}/organisations/${TOEMRER}/users`)
      .set('Authorization', asUser(JENS_TOEMRER))
      .send({ ...person, cpr: '15058O1234' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_input', field: 'body.cpr' });
    expect(JSON.stringify(res.body)).not.toContain('15058O1234');
    const both = await http
      .post(`${API}/organisations/${TOEMRER}/users`)
      .set('Authorization', asUser(JENS_TOEMRER))
      .send({ ...person, cpr: '0101011234', birthDate: '2001-01-01' });
    expect(both.body.code).toBe('cpr_xor_birthdate');
  });

  it('answers 413 for an oversized body and 415 for a body that is not JSON', async () => {
    const big = await http
      .post(`${API}/organisations/${TOEMRER}/users`)
      .set('Authorization', asUser(JENS_TOEMRER))
      .send({ ...person, familyName: 'x'.repeat(100_000) });
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('payload_too_large');
    const form = await http
      .post(`${API}/organisations/${TOEMRER}/users`)
      .set('Authorization', asUser(JENS_TOEMRER))
      .type('form')
      .send('givenName=x');
    expect(form.status).toBe(415);
  });

  it('gives an ETag and refuses a stale If-Match with 412', async () => {
    const read = await http.get(`${API}/organisations/${TOEMRER}/users/${JENS_TOEMRER}`).set('Authorization', asUser(JENS_TOEMRER));
    const etag = read.headers.etag!;
    expect(etag).toBe('"1"');
    const first = await http
      .patch(`${API}/organisations/${TOEMRER}/users/${JENS_TOEMRER}`)
      .set('Authorization', asUser(JENS_TOEMRER))
      .set('If-Match', etag)
      .send({ phone: '+45 12345678' });
    expect(first.status).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    const stale = await http
      .patch(`${API}/organisations/${TOEMRER}/users/${JENS_TOEMRER}`)
      .set('Authorization', asUser(JENS_TOEMRER))
      .set('If-Match', etag)
      .send({ phone: '+45 87654321' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('precondition_failed');
    expect((await h.directory.userRecord(JENS_TOEMRER))?.phone).toBe('+45 12345678');
  });

  it('answers a retried create with the first answer (Idempotency-Key), and refuses the key for another body', async () => {
    const send = (body: object) =>
      http
        .post(`${API}/organisations/${TOEMRER}/users`)
        .set('Authorization', asUser(JENS_TOEMRER))
        .set('Idempotency-Key', 'create-lise-1')
        .send(body);
    const first = await send({ ...person, birthDate: '1990-02-03' });
    const again = await send({ ...person, birthDate: '1990-02-03' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect((await h.directory.userRecordsOf(TOEMRER)).filter((user) => user.givenName === 'Lise')).toHaveLength(1);
    expect((await send({ ...person, birthDate: '1990-02-04' })).body.code).toBe('idempotency_key_reused');
  });

  it("reports each operation's outcome for metrics: ok or the stable code, nothing about who", async () => {
    await http.get(`${API}/organisations`).set('Authorization', OPERATOR);
    await http.get(`${API}/organisations`);
    await http.get(`${API}/organisations`).set('Authorization', asUser(KAREN_HAVNEN));
    expect(h.outcomes).toEqual([
      ['listOrganisations', 'ok'],
      ['listOrganisations', 'unauthenticated'],
      ['listOrganisations', 'forbidden'],
    ]);
  });

  it('answers unknown paths under the API with problem+json 404', async () => {
    const res = await http.get(`${API}/nothing-here`).set('Authorization', OPERATOR);
    expect(res.status).toBe(404);
    expect(res.type).toBe('application/problem+json');
  });
});

describe('admin API commands', () => {
  it('lets the operator connect an organisation whose first administrator gets an activation through the outbox', async () => {
    const res = await http
      .post(`${API}/organisations`)
      .set('Authorization', OPERATOR)
      .send({
        cvr: NEW_CVR,
        name: 'Ny Virksomhed ApS',
        settings: { privateMitIdAllowed: true, allowedMeans: ['app'], sharedMeansAllowed: false, requiredLoa: 'substantial' },
        administrator: { ...person, cpr: '0102031234' },
      });
    expect(res.status).toBe(201);
    expect(res.body.organisation).toMatchObject({ cvr: NEW_CVR, state: 'connected' });
    expect(res.body.administrator).toMatchObject({
      state: 'pending_activation',
      roles: ['organisation_administrator'],
      cprMasked: '010203-XXXX',
    });
    expect(JSON.stringify(res.body)).not.toContain('0102031234');
    const outbox = await h.directory.outboxMessages(`org:${NEW_CVR}`);
    expect(outbox.map((message) => [message.kind, message.recipient.channel === 'email' && message.recipient.address])).toEqual([
      ['activation_link', person.email],
    ]);
    expect(JSON.stringify(outbox)).not.toContain('0102031234');
    expect(
      (
        await http
          .post(`${API}/organisations`)
          .set('Authorization', OPERATOR)
          .send({ cvr: NEW_CVR, name: 'Igen', administrator: { ...person, birthDate: '1990-01-01' } })
      ).body.code,
    ).toBe('already_exists');
  });

  it('creates a birth-date user, issues the activation and shows its code once', async () => {
    const created = await http
      .post(`${API}/organisations/${TOEMRER}/users`)
      .set('Authorization', asUser(JENS_TOEMRER))
      .send({ ...person, birthDate: '1990-02-03', means: ['app'] });
    expect(created.body).toMatchObject({ state: 'created', birthDate: '1990-02-03', chosenMeans: ['app'] });
    const issued = await http
      .post(`${API}/organisations/${TOEMRER}/users/${created.body.uuid}/activation`)
      .set('Authorization', asUser(JENS_TOEMRER));
    expect(issued.status).toBe(201);
    expect(issued.body.code).toMatch(/^\d{8}$/);
    expect(issued.body.user.activation).toMatchObject({ method: 'code', state: 'issued' });
    const stored = await h.directory.userRecord(created.body.uuid);
    expect(JSON.stringify(stored)).not.toContain(issued.body.code);
    const read = await http.get(`${API}/organisations/${TOEMRER}/users/${created.body.uuid}`).set('Authorization', asUser(JENS_TOEMRER));
    expect(JSON.stringify(read.body)).not.toContain(issued.body.code);
    // A means the organisation does not allow is refused.
    const chip = await http
      .post(`${API}/organisations/${TOEMRER}/users`)
      .set('Authorization', asUser(JENS_TOEMRER))
      .send({ ...person, birthDate: '1990-02-03', means: ['chip'] });
    expect(chip.body.code).toBe('means_not_allowed');
  });

  it('pages users by cursor and filters by state', async () => {
    for (let i = 0; i < 5; i++)
      await http
        .post(`${API}/organisations/${TOEMRER}/users`)
        .set('Authorization', asUser(JENS_TOEMRER))
        .send({ ...person, givenName: `U${i}`, birthDate: '1990-02-03' });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await http
        .get(`${API}/organisations/${TOEMRER}/users`)
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set('Authorization', asUser(JENS_TOEMRER));
      seen.push(...page.body.items.map((user: { uuid: string }) => user.uuid));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    const created = await http
      .get(`${API}/organisations/${TOEMRER}/users`)
      .query({ state: 'created' })
      .set('Authorization', asUser(JENS_TOEMRER));
    expect(created.body.items).toHaveLength(5);
  });

  it('refuses removing the last organisation administrator, in every way', async () => {
    const user = `${API}/organisations/${HAVNEN}/users/${KAREN_HAVNEN}`;
    const revoke = await http.delete(`${user}/roles/organisation_administrator`).set('Authorization', asUser(KAREN_HAVNEN));
    expect(revoke.status).toBe(409);
    expect(revoke.body.code).toBe('last_organisation_administrator');
    // Karen is no user administrator: give her the role, then try deactivating and deleting herself.
    await http.post(`${user}/roles`).set('Authorization', asUser(KAREN_HAVNEN)).send({ role: 'user_administrator' });
    expect((await http.post(`${user}/deactivate`).set('Authorization', asUser(KAREN_HAVNEN))).body.code).toBe(
      'last_organisation_administrator',
    );
    expect((await http.delete(user).set('Authorization', asUser(KAREN_HAVNEN))).body.code).toBe('last_organisation_administrator');
  });

  it('assigns only catalogue rights, deactivates and ends the sessions, and keeps a tombstone on delete', async () => {
    const sofie = '9c2bfbff-896a-4847-9d5c-91170ab04933';
    await http
      .post(`${API}/organisations/${HAVNEN}/users/${KAREN_HAVNEN}/roles`)
      .set('Authorization', asUser(KAREN_HAVNEN))
      .send({ role: 'rights_administrator' });
    await http
      .post(`${API}/organisations/${HAVNEN}/users/${KAREN_HAVNEN}/roles`)
      .set('Authorization', asUser(KAREN_HAVNEN))
      .send({ role: 'user_administrator' });
    const unknown = await http
      .post(`${API}/organisations/${HAVNEN}/users/${sofie}/rights`)
      .set('Authorization', asUser(KAREN_HAVNEN))
      .send({ urn: 'urn:unknown:right' });
    expect(unknown.body.code).toBe('unknown_right');
    await http
      .post(`${API}/rights`)
      .set('Authorization', OPERATOR)
      .send({ urn: 'urn:dk:kontekst:demo:journal', nameDa: 'Journal', nameEn: 'Records' })
      .expect(201);
    const assigned = await http
      .post(`${API}/organisations/${HAVNEN}/users/${sofie}/rights`)
      .set('Authorization', asUser(KAREN_HAVNEN))
      .send({ urn: 'urn:dk:kontekst:demo:journal' });
    expect(assigned.body.rights).toContain('urn:dk:kontekst:demo:journal');
    await http.post(`${API}/organisations/${HAVNEN}/users/${sofie}/deactivate`).set('Authorization', asUser(KAREN_HAVNEN)).expect(200);
    expect(h.endedSessions).toEqual([{ businessUserUuid: sofie, cvr: HAVNEN }]);
    const deleted = await http.delete(`${API}/organisations/${HAVNEN}/users/${sofie}`).set('Authorization', asUser(KAREN_HAVNEN));
    expect(deleted.body).toMatchObject({ state: 'deleted', rights: [], roles: [] });
    expect(deleted.body.email).toBeUndefined();
    expect(
      (await http.post(`${API}/organisations/${HAVNEN}/users/${sofie}/reactivate`).set('Authorization', asUser(KAREN_HAVNEN))).body.code,
    ).toBe('invalid_transition');
  });

  it('writes a chained audit event per command, never with a CPR, readable by cursor and as JSON lines', async () => {
    await http
      .post(`${API}/organisations/${TOEMRER}/users`)
      .set('Authorization', asUser(JENS_TOEMRER))
      .send({ ...person, cpr: '0505051234' })
      .expect(201);
    const page = await http.get(`${API}/audit/${TOEMRER}`).query({ limit: 1 }).set('Authorization', asUser(JENS_TOEMRER));
    expect(page.body.items).toHaveLength(1);
    expect(page.body.nextCursor).toBe('1');
    const next = await http.get(`${API}/audit/${TOEMRER}`).query({ cursor: '1' }).set('Authorization', asUser(JENS_TOEMRER));
    const last = next.body.items.at(-1);
    expect(last).toMatchObject({
      action: 'users.create',
      actor: { kind: 'administrator', uuid: JENS_TOEMRER },
      changes: { identity: { before: null, after: 'cpr' } },
    });
    const lines = await http.get(`${API}/audit/${TOEMRER}/export`).set('Authorization', OPERATOR);
    expect(lines.type).toBe('application/x-ndjson');
    expect(lines.text.trim().split('\n')).toHaveLength(2);
    expect(lines.text).not.toContain('0505051234');
    expect(lines.text).not.toContain('050505-XXXX');
    // The operator chain is the operator's.
    expect((await http.get(`${API}/audit/operator`).set('Authorization', asUser(JENS_TOEMRER))).status).toBe(404);
  });
});
