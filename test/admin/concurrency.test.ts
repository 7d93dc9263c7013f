// Concurrent conflicting updates over HTTP, on memory and on Redis: one wins, the other gets 412, nothing is lost or half-written.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { LiveDirectory } from '../../src/directory/live-directory.ts';
import { RedisRecordStore } from '../../src/directory/redis-record-store.ts';
import { uniquePrefix, useRedis } from '../store/redis-backends.ts';
import { demoDirectory, seedWorld, TEST_INDEX_SECRET } from '../directory/support.ts';
import { adminApiHarness, asUser, JENS_TOEMRER, TOEMRER } from './support.ts';

const USER = `/admin/api/v1/organisations/${TOEMRER}/users/${JENS_TOEMRER}`;

async function raceTwoUpdates(directory: LiveDirectory): Promise<void> {
  const h = await adminApiHarness(directory);
  const http = request(h.app.callback());
  const etag = (await http.get(USER).set('Authorization', asUser(JENS_TOEMRER))).headers.etag!;
  const eventsBefore = (await directory.auditHead(`org:${TOEMRER}`)).seq;
  const names = ['Anna', 'Bent', 'Carl', 'Dorte'];
  const results = await Promise.all(
    names.map((givenName) => http.patch(USER).set('Authorization', asUser(JENS_TOEMRER)).set('If-Match', etag).send({ givenName })),
  );
  const statuses = results.map((res) => res.status).sort();
  expect(statuses).toEqual([200, 412, 412, 412]);
  const winner = results.find((res) => res.status === 200)!.body.givenName;
  const stored = (await directory.userRecord(JENS_TOEMRER))!;
  expect(stored.givenName).toBe(winner);
  expect(stored.version).toBe(2);
  const events = await directory.auditEvents(`org:${TOEMRER}`, eventsBefore, 10);
  expect(events.map((event) => [event.action, event.changes.givenName?.after])).toEqual([['users.update', winner]]);
  // The losers retry with the new ETag: their change lands on top, nothing overwritten unseen.
  const retry = await http
    .patch(USER)
    .set('Authorization', asUser(JENS_TOEMRER))
    .set('If-Match', '"2"')
    .send({ familyName: 'Efterfølger' });
  expect(retry.status).toBe(200);
  expect(await directory.userRecord(JENS_TOEMRER)).toMatchObject({ givenName: winner, familyName: 'Efterfølger', version: 3 });
}

describe('concurrent conflicting updates', () => {
  it('in memory: one wins, the others get 412', async () => {
    await raceTwoUpdates(await demoDirectory());
  });

  describe.each(['single', 'cluster'] as const)('on %s Redis', (kind) => {
    const redis = useRedis(kind);
    it('one wins, the others get 412', async () => {
      const directory = new LiveDirectory(new RedisRecordStore(redis(), uniquePrefix()), TEST_INDEX_SECRET);
      await seedWorld(directory);
      await raceTwoUpdates(directory);
    });

    it('racing creates with one Idempotency-Key make one user and give both callers the same answer', async () => {
      const directory = new LiveDirectory(new RedisRecordStore(redis(), uniquePrefix()), TEST_INDEX_SECRET);
      await seedWorld(directory);
      const h = await adminApiHarness(directory);
      const create = () =>
        request(h.app.callback())
          .post(`/admin/api/v1/organisations/${TOEMRER}/users`)
          .set('Authorization', asUser(JENS_TOEMRER))
          .set('Idempotency-Key', 'race-1')
          .send({ givenName: 'Ida', familyName: 'Dem', email: 'ida@example.dk', birthDate: '1999-09-09' });
      const [a, b, c] = await Promise.all([create(), create(), create()]);
      expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
      expect(b.body).toEqual(a.body);
      expect(c.body).toEqual(a.body);
      expect((await directory.userRecordsOf(TOEMRER)).filter((user) => user.givenName === 'Ida')).toHaveLength(1);
    });
  });
});
