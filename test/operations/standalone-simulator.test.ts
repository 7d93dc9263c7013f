// The README's "run the simulator alone" command lines, run as written (on free ports): the printed URLs answer and a login works.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { authorizationRequest, discoverRp, redeem, testClient } from '../support/journey.ts';
import { DEMO_LOGINS } from '../support/demo-people.ts';
import { SHARED_TEST_KEYS } from '../support/keys-dir.ts';
import { loginWithSeparateUpstream, runProgram, waitForUrl, type RunningProgram } from '../support/separate-upstream.ts';

/** The shell command lines of the README block that starts with "# terminal 1" (continuation lines joined). */
async function readmeCommands(): Promise<string[]> {
  const readme = await readFile('README.md', 'utf8');
  const block = /```sh\n(# terminal 1[\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README: no "# terminal 1" block');
  return block.replace(/\\\n\s*/g, '').split('\n').filter((line) => line.trim() && !line.startsWith('#'));
}

let simulatorPort: number;
let kontekstPort: number;
let clientsDir: string;
let programs: RunningProgram[] = [];
const registration = testClient({ client_id: 'standalone-rp' });

beforeAll(async () => {
  simulatorPort = await freePort();
  kontekstPort = await freePort();
  clientsDir = await mkdtemp(join(tmpdir(), 'kontekst-standalone-'));
  await writeFile(join(clientsDir, 'standalone-rp.json'), JSON.stringify(registration));
  // Other tests and people may be using 3000 and 3100: the same lines on free ports.
  const onFreePorts = (line: string) => line.replaceAll(':3100', `:${simulatorPort}`).replaceAll(':3000', `:${kontekstPort}`);
  const env = {
    PORT: String(kontekstPort),
    SIMULATOR_PORT: String(simulatorPort),
    SIMULATOR_REDIRECT_URIS: `http://localhost:${kontekstPort}/login/mitid/callback`,
    KEYS_DIR: SHARED_TEST_KEYS,
    CLIENTS_DIR: clientsDir,
    LOG_LEVEL: 'warn',
  };
  const [simulatorLine, kontekstLine] = await readmeCommands();
  expect(simulatorLine).toContain('npm run start:simulator');
  expect(kontekstLine).toContain('npm start');
  programs = [runProgram([onFreePorts(simulatorLine!)], env, { shell: true })];
  await waitForUrl(`http://127.0.0.1:${simulatorPort}/mitid-sim/.well-known/openid-configuration`, programs[0]!);
  programs.push(runProgram([onFreePorts(kontekstLine!)], env, { shell: true }));
  await waitForUrl(`http://127.0.0.1:${kontekstPort}/readyz`, programs[1]!);
}, 120_000);

afterAll(async () => {
  for (const program of programs) await program.stop();
  await rm(clientsDir, { recursive: true, force: true });
});

describe('the standalone simulator, as the README runs it', () => {
  it('prints URLs that answer', async () => {
    const urls = programs[0]!.output().match(/https?:\/\/\S+/g) ?? [];
    expect(urls).toEqual([`http://localhost:${simulatorPort}/mitid-sim`, `http://localhost:${simulatorPort}/mitid-sim/.well-known/openid-configuration`]);
    for (const url of urls) {
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      expect(await response.json()).toMatchObject({ issuer: `http://localhost:${simulatorPort}/mitid-sim` });
    }
  });

  it('is the upstream of the Kontekst the README starts: a login completes', async () => {
    const kontekstUrl = `http://localhost:${kontekstPort}`;
    const rp = await discoverRp(kontekstUrl, registration);
    const request = await authorizationRequest(rp, { scope: 'openid profile' });
    const callbackUrl = await loginWithSeparateUpstream(kontekstUrl, request.url, DEMO_LOGINS['nr-jens']!);
    const tokens = await redeem(rp, request, callbackUrl);
    expect(tokens.claims()).toMatchObject({ identity_type: 'professional', idp: 'mitid_erhverv' });
  });
});
