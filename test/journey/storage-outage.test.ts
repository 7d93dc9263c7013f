// Proof that every storage path the journey and the provider use wraps a Redis failure in the outage error types,
// so the journey's error page recognises an outage by type alone (no matching of ioredis messages).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { JourneyStore } from '../../src/journey/journey-store.ts';
import { PersonStore } from '../../src/oidc/person-store.ts';
import { createStorage, withOidcOutageErrors, type Storage } from '../../src/bootstrap-storage.ts';
import { isStoreOutage } from '../../src/store/errors.ts';
import { keyValueTransactionStore } from '../../src/upstream/transaction-store.ts';
import { organisationScope, type DirectoryChange } from '../../src/directory/repository.ts';
import { PERSON_CPR, PRIVATE_MITID_UUID } from '../contexts/fixtures.ts';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.ts';

const CVR = '12345674';
const UUID = '00000000-0000-4000-8000-0000000000aa';
const PERSON = { mitidUuid: PRIVATE_MITID_UUID, cpr: PERSON_CPR, name: 'A B', givenName: 'A', familyName: 'B', birthdate: '1980-01-01' };
const TRANSACTION = { interactionId: 'i', state: 's', nonce: 'n', codeVerifier: 'v', createdAt: 0 };

type Calls = Record<string, () => Promise<unknown>>;

/** Methods that compute without touching storage (keyed hashes), so they cannot meet an outage. */
const NO_STORAGE = new Set(['cprKey', 'codeHash']);

/** The public methods of an object (its class's and the classes above, up to Object), or of a plain object. */
function methodsOf(target: object): string[] {
  const names = new Set<string>();
  for (let proto = target; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor' && typeof (target as Record<string, unknown>)[name] === 'function') names.add(name);
    }
  }
  return [...names].sort();
}

let server: RedisServerHandle;
let storage: Storage;

beforeAll(async () => {
  server = await startRedisServer();
  const config = loadConfig({ REDIS_URL: server.url, REDIS_COMMAND_TIMEOUT_MS: '300', REDIS_MAX_RECONNECT_DELAY_MS: '200' });
  storage = createStorage(config);
  await storage.whenReady();
  await server.stop();
  // Give the client a moment to notice the closed socket.
  await new Promise((resolve) => setTimeout(resolve, 100));
});

afterAll(async () => {
  await storage.close();
});

describe('every storage path wraps a Redis outage', () => {
  const surfaces = (): Record<string, { target: object; calls: Calls }> => {
    const kv = storage.kv;
    const directory = storage.directory;
    const journeys = new JourneyStore(kv, 60);
    const persons = new PersonStore(withOidcOutageErrors(kv), 60);
    const transactions = keyValueTransactionStore(kv);
    const adapter = (storage.adapter as unknown as (model: string) => Record<string, (...args: unknown[]) => Promise<unknown>>)('Session');
    return {
      kv: { target: kv, calls: { get: () => kv.get('k'), set: () => kv.set('k', 'v', 60), take: () => kv.take('k'), delete: () => kv.delete('k') } },
      directory: {
        target: directory,
        calls: {
          getOrganisation: () => directory.getOrganisation(CVR),
          listOrganisations: () => directory.listOrganisations(),
          getBusinessUser: () => directory.getBusinessUser(UUID),
          getBusinessUserWithOrganisation: () => directory.getBusinessUserWithOrganisation(UUID),
          findBusinessUsersByPersonCpr: () => directory.findBusinessUsersByPersonCpr(PERSON_CPR),
          findBusinessUsersByDedicatedMitId: () => directory.findBusinessUsersByDedicatedMitId(UUID),
          organisationRecord: () => directory.organisationRecord(CVR),
          organisationRecords: () => directory.organisationRecords(),
          userRecord: () => directory.userRecord(UUID),
          userRecordsOf: () => directory.userRecordsOf(CVR),
          rightRecord: () => directory.rightRecord('urn:x'),
          rightRecords: () => directory.rightRecords(),
          idempotentAnswer: () => directory.idempotentAnswer(organisationScope(CVR), 'k'),
          commit: () =>
            directory.commit({
              scope: organisationScope(CVR),
              changes: [],
              audit: { at: new Date(0).toISOString(), actor: { kind: 'operator', clientId: 'c' }, action: 'test', target: { kind: 'organisation', id: CVR }, changes: [], result: 'success' },
              outbox: [],
            } as unknown as DirectoryChange),
          auditEvents: () => directory.auditEvents(organisationScope(CVR), 0, 1),
          auditHead: () => directory.auditHead(organisationScope(CVR)),
          auditScopes: () => directory.auditScopes(),
          outboxMessages: () => directory.outboxMessages(organisationScope(CVR)),
          isPresent: () => directory.isPresent(),
          markPresent: () => directory.markPresent(),
        },
      },
      journeys: {
        target: journeys,
        calls: {
          save: () => journeys.save('uid', { csrf: 'c', clientName: 'n' }),
          get: () => journeys.get('uid'),
          take: () => journeys.take('uid'),
          delete: () => journeys.delete('uid'),
        },
      },
      persons: { target: persons, calls: { save: () => persons.save(PERSON), find: () => persons.find(PRIVATE_MITID_UUID) } },
      transactions: {
        target: transactions,
        calls: { save: () => transactions.save(TRANSACTION, 60), consume: () => transactions.consume('s', 'i') },
      },
      adapter: {
        target: adapter,
        calls: {
          upsert: () => adapter['upsert']!('id', { jti: 'id', uid: 'u', grantId: 'g' }, 60),
          find: () => adapter['find']!('id'),
          findByUid: () => adapter['findByUid']!('u'),
          findByUserCode: () => adapter['findByUserCode']!('c'),
          consume: () => adapter['consume']!('id'),
          destroy: () => adapter['destroy']!('id'),
          revokeByGrantId: () => adapter['revokeByGrantId']!('g'),
        },
      },
    };
  };

  it('the proof below calls every method each storage surface has (a new method must join it)', () => {
    for (const [name, { target, calls }] of Object.entries(surfaces())) {
      expect(Object.keys(calls).sort(), name).toEqual(methodsOf(target).filter((method) => !NO_STORAGE.has(method)));
    }
  });

  it('each call rejects with StoreUnavailableError or the adapters\' temporarily_unavailable, nothing raw', async () => {
    for (const [name, { calls }] of Object.entries(surfaces())) {
      for (const [method, call] of Object.entries(calls)) {
        const error = await call().then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(isStoreOutage(error), `${name}.${method}: ${String(error)}`).toBe(true);
      }
    }
  });
});
