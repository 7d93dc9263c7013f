// The CVR register adapters: the demo fixture and the HTTP adapter (against a real local endpoint), and their selection.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { createCvrRegister, CvrRegisterError } from '../../src/cvr-register/index.ts';
import { FixtureCvrRegister, loadCvrRegisterFixture } from '../../src/cvr-register/fixture.ts';
import { HttpCvrRegister } from '../../src/cvr-register/http-register.ts';
import { listen } from '../support/kontekst.ts';
import { ANDERS_KIRK_CPR, cvrRegisterContract } from './cvr-register-contract.ts';

const WORLD_FILE = 'config/demo-world.json';
let fixture: FixtureCvrRegister;
beforeAll(async () => {
  fixture = await loadCvrRegisterFixture(WORLD_FILE);
});

describe('the demo fixture', () => {
  cvrRegisterContract(() => fixture);

  it('is what development configuration selects', async () => {
    const register = await createCvrRegister(loadConfig({}).cvrRegister, WORLD_FILE);
    expect(await register.organisationsRepresentedBy(ANDERS_KIRK_CPR)).toHaveLength(2);
  });
});

describe('fixture validation', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kontekst-cvr-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const worldWith = async (cvrRegister: unknown) => {
    const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, JSON.stringify({ cvrRegister }));
    return file;
  };

  it('names the bad entries, never a CPR', async () => {
    const file = await worldWith({
      companies: [
        { cvr: '12345678', name: 'Bad CVR', managementRepresentatives: [{ cpr: '0907781235', role: 'direktør' }] },
        { cvr: '31627583', name: 'Kirk', managementRepresentatives: [{ cpr: '090778-1235', role: 'direktør' }] },
        { cvr: '31627583', name: 'Kirk again', managementRepresentatives: [] },
      ],
    });
    const error = (await loadCvrRegisterFixture(file).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain('cvrRegister.companies.0.cvr');
    expect(error.message).toContain('cvrRegister.companies.1.managementRepresentatives.0.cpr');
    expect(error.message).toContain('cvrRegister.companies.2.managementRepresentatives');
    expect(error.message).toContain('duplicate company');
    expect(error.message).not.toMatch(/0907781235|090778-1235/);
  });

  it('treats a world file without the section as an empty register', async () => {
    const file = join(dir, 'no-section.json');
    await writeFile(file, JSON.stringify({ mitid: {} }));
    expect(await (await loadCvrRegisterFixture(file)).organisationsRepresentedBy(ANDERS_KIRK_CPR)).toEqual([]);
  });
});

describe('the HTTP adapter against a real endpoint', () => {
  let server: Server;
  let url: string;
  const seen: { url: string; body: string }[] = [];
  let mode: 'ok' | 'fail' | 'garbage' | 'hang' = 'ok';

  const readBody = async (request: IncomingMessage): Promise<string> => {
    let body = '';
    for await (const chunk of request) body += String(chunk);
    return body;
  };

  beforeAll(async () => {
    // Answers from the same fixture, so the contract is the same data through HTTP.
    server = createServer(async (request, response) => {
      const body = await readBody(request);
      seen.push({ url: request.url ?? '', body });
      if (mode === 'hang') return;
      if (mode === 'fail') return void response.writeHead(502).end('bad gateway');
      response.setHeader('content-type', 'application/json');
      if (mode === 'garbage') return void response.end(JSON.stringify({ organisations: [{ cvr: '123', name: '' }] }));
      const { cpr } = JSON.parse(body) as { cpr: string };
      response.end(JSON.stringify({ organisations: await fixture.organisationsRepresentedBy(cpr) }));
    });
    url = `http://127.0.0.1:${await listen(server)}/representation`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  cvrRegisterContract(() => new HttpCvrRegister({ url, timeoutMs: 2000 }));

  it('sends the CPR in the body, never in the URL', async () => {
    mode = 'ok';
    await new HttpCvrRegister({ url, timeoutMs: 2000 }).organisationsRepresentedBy(ANDERS_KIRK_CPR);
    const last = seen.at(-1)!;
    expect(last.url).toBe('/representation');
    expect(JSON.parse(last.body)).toEqual({ cpr: ANDERS_KIRK_CPR });
  });

  it.each(['fail', 'garbage', 'hang'] as const)('reports "%s" as the register being unavailable, without the CPR', async (failure) => {
    mode = failure;
    const error = await new HttpCvrRegister({ url, timeoutMs: 300 })
      .organisationsRepresentedBy(ANDERS_KIRK_CPR)
      .catch((caught: unknown) => caught);
    mode = 'ok';
    expect(error).toBeInstanceOf(CvrRegisterError);
    expect((error as CvrRegisterError).code).toBe('cvr_register_unavailable');
    expect((error as Error).message).not.toContain(ANDERS_KIRK_CPR);
  });

  it('is what CVR_REGISTER_URL selects', async () => {
    const register = await createCvrRegister(loadConfig({ CVR_REGISTER_URL: url }).cvrRegister, WORLD_FILE);
    expect(register).toBeInstanceOf(HttpCvrRegister);
  });
});

it('with CVR_REGISTER=none every look-up says so', async () => {
  const register = await createCvrRegister(loadConfig({ CVR_REGISTER: 'none' }).cvrRegister, WORLD_FILE);
  const error = await register.organisationsRepresentedBy(ANDERS_KIRK_CPR).catch((caught: unknown) => caught);
  expect((error as CvrRegisterError).code).toBe('cvr_register_not_configured');
});
