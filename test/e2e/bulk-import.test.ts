// End to end on Redis through the CLI: NemID signatures → dry run → commit → re-run (no change) → mass activation → one imported
// user activates on the activation pages with private MitID and logs in at a relying party with her RID as `professional.rid`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliResult } from '../cli/support/run-cli.ts';
import { decodeJwt } from 'jose';
import { discoverRp, logIn } from '../conformance/support.ts';
import { nemidCsv } from '../admin/import/fixtures.ts';
import { Person, testClient } from '../support/journey.ts';
import { formBody } from '../support/browser/test-browser.ts';
import { completeSimulatorLogin } from '../support/simulator-driver.ts';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.ts';

const CVR = '10000009';
const METTE_CPR = '2208921236';
const rp = testClient({ client_id: 'e2e-import-rp' });

let redisServer: RedisServerHandle;
let kontekst: RunningKontekst;
let dir: string;
let file: string;

function cli(...argv: string[]): Promise<CliResult> {
  return runCliCaptured(argv, { REDIS_URL: redisServer.url, LOG_LEVEL: 'silent' });
}

beforeAll(async () => {
  redisServer = await startRedisServer();
  kontekst = await startKontekst({ env: { REDIS_URL: redisServer.url }, build: { extraClients: [rp] } });
  dir = await mkdtemp(join(tmpdir(), 'kontekst-import-e2e-'));
  file = join(dir, 'medarbejdersignaturer.csv');
  await writeFile(
    file,
    nemidCsv([
      {
        rid: '80001',
        givenName: 'Mette',
        familyName: 'Larsen',
        email: 'mette@ny-virksomhed.dk',
        cpr: '220892-1236',
        roles: 'Brugeradministrator',
        rights: 'urn:dk:kontekst:e2e:read',
      },
      // Mette's second signature: a second business user with its own RID.
      { rid: '80002', givenName: 'Mette', familyName: 'Larsen', email: 'mette.lager@ny-virksomhed.dk', cpr: '220892-1236' },
      { rid: '80003', givenName: 'Bo', familyName: 'Ny', email: 'bo@ny-virksomhed.dk', birthDate: '2001-02-03' },
    ]),
  );
});
afterAll(async () => {
  await kontekst?.close();
  await redisServer?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('bulk import end to end', () => {
  it('imports, re-runs without change, mass-activates, and the activated user logs in with professional.rid', async () => {
    const connected = await cli(
      'orgs',
      'connect',
      '--cvr',
      CVR,
      '--name',
      'Ny Virksomhed ApS',
      '--admin-email',
      'admin@ny-virksomhed.dk',
      '--admin-birthdate',
      '1970-01-01',
      '--means',
      'app,code_display',
      '--private-mitid',
    );
    expect(connected.code, connected.err).toBe(0);

    // Rights must be in the catalogue, as for a single assignment: the operator adds the missing one first.
    const unknown = await cli('import', 'nemid', file, '--cvr', CVR, '--dry-run');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Row 2: One of the rights is not in the rights catalogue.');
    expect((await cli('rights', 'add', '--urn', 'urn:dk:kontekst:e2e:read', '--da', 'Læse', '--en', 'Read')).code).toBe(0);
    const dry = await cli('--json', 'import', 'nemid', file, '--cvr', CVR, '--dry-run');
    expect(dry.code, dry.err).toBe(0);
    expect(JSON.parse(dry.out)).toMatchObject({ committable: true, totals: { create: 3 } });
    const directory = kontekst.kontekst.admin.directory;
    expect((await directory.userRecordsOf(CVR)).length).toBe(1);

    const committed = await cli('--json', 'import', 'nemid', file, '--cvr', CVR);
    expect(committed.code, committed.err).toBe(0);
    expect(JSON.parse(committed.out)).toMatchObject({ state: 'completed', written: { created: 3, updated: 0 } });
    const afterImport = await directory.userRecordsOf(CVR);
    const rerun = await cli('import', 'nemid', file, '--cvr', CVR);
    expect(rerun.out).toContain('0 user(s) created, 0 updated, 3 unchanged');
    expect(await directory.userRecordsOf(CVR)).toEqual(afterImport);

    const mette = afterImport.find((user) => user.rid === '80001')!;
    expect(mette).toMatchObject({ state: 'imported', roles: ['user_administrator'], rights: ['urn:dk:kontekst:e2e:read'] });
    const activated = await cli('--json', 'activate', '--cvr', CVR, '--imported', '--means', 'app', '--user', mette.uuid);
    expect(activated.code, activated.err).toBe(0);
    expect(JSON.parse(activated.out)).toMatchObject({ selected: 1, activated: 1, linksQueued: 1 });
    const rest = await cli('activate', '--cvr', CVR, '--imported');
    expect(rest.out).toContain('2 of 2 imported user(s) are now awaiting activation');
    expect(rest.out).toMatch(/\d{8}/); // Bo's code, shown once

    // Mette opens her activation link, confirms with private MitID at the simulator and accepts using it.
    const pending = (await directory.userRecord(mette.uuid))!;
    expect(pending.state).toBe('pending_activation');
    const person = new Person(kontekst.url);
    const start = await person.kontekst.open(`${kontekst.url}/activation/${pending.activation!.id}`);
    const form = start.forms.find((candidate) => candidate.id === 'mitid-form')!;
    const toMitId = await person.kontekst.send(new URL(form.action), { method: 'POST', ...formBody(form.fields) });
    const { callbackUrl } = await completeSimulatorLogin(toMitId.location!, {
      userId: 'mette.larsen',
      means: 'app',
      browser: person.simulator,
    });
    const choose = await person.kontekst.open(callbackUrl);
    const receipt = await person.kontekst.submit(choose, 'private-form');
    expect(receipt.status).toBe(200);
    expect(/data-page="([\w/-]+)"/.exec(receipt.html)?.[1]).toBe('activation/receipt');
    expect((await directory.userRecord(mette.uuid))!.state).toBe('active');

    const login = await logIn(await discoverRp(kontekst.url, rp), 'mette.larsen', {
      params: { scope: 'openid professional' },
      context: `professional:cvr:${CVR}`,
    });
    const claims = { ...decodeJwt(login.tokens.id_token!), ...login.claims };
    expect(claims['professional.cvr']).toBe(CVR);
    expect(claims['professional.rid']).toBe('80001');
    expect(JSON.stringify(claims)).not.toContain(METTE_CPR);
  });
});
