// The README's production start without Docker: build, keys init, start the compiled server with production
// settings on Redis behind TLS, with a separate MitID simulator process as the upstream, and log in.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';
import { authorizationRequest, discoverRp, redeem, testClient, type TestRp } from '../support/journey.ts';
import { DEMO_LOGINS } from '../support/demo-people.ts';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.ts';
import { loginWithSeparateUpstream, runProgram, waitForUrl, type RunningProgram } from '../support/separate-upstream.ts';
import { selfSignedCertificate, startTlsProxy, type TlsProxy } from '../support/tls-proxy.ts';
import { SHARED_TEST_KEYS } from '../support/keys-dir.ts';

const secret = () => randomBytes(32).toString('base64url');
const UPSTREAM_SECRET = secret();

let workDir: string;
let redis: RedisServerHandle;
let simulator: RunningProgram;
let kontekst: RunningProgram;
const proxies: TlsProxy[] = [];
let kontekstPort: number;
let kontekstUrl: string;
let productionEnv: Record<string, string>;
const registration = testClient({ client_id: 'production-rp', first_party: true });
let trustedBefore: string | undefined;

beforeAll(async () => {
  // Step 2 of the README list: npm run build (the CLI below and both servers run the compiled JavaScript).
  execFileSync('npm', ['run', 'build'], { stdio: 'ignore', timeout: 240_000 });
  workDir = await mkdtemp(join(tmpdir(), 'kontekst-production-'));
  const certificate = selfSignedCertificate();
  // This test is the browser and the relying party: it reaches both services over https with a throwaway
  // certificate; only this test file's process skips verifying it. The servers trust it properly (NODE_EXTRA_CA_CERTS).
  trustedBefore = process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
  process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
  redis = await startRedisServer();

  const simulatorPort = await freePort();
  kontekstPort = await freePort();
  const simulatorProxy = await startTlsProxy(certificate, simulatorPort);
  const kontekstProxy = await startTlsProxy(certificate, kontekstPort);
  proxies.push(simulatorProxy, kontekstProxy);
  kontekstUrl = kontekstProxy.url;

  simulator = runProgram(['dist/simulator/main.js'], {
    SIMULATOR_PORT: String(simulatorPort),
    SIMULATOR_PUBLIC_URL: simulatorProxy.url,
    SIMULATOR_CLIENT_SECRET: UPSTREAM_SECRET,
    SIMULATOR_TRUST_PROXY: 'true',
    SIMULATOR_REDIRECT_URIS: `${kontekstUrl}/login/mitid/callback`,
    LOG_LEVEL: 'warn',
  });
  await waitForUrl(`http://127.0.0.1:${simulatorPort}/mitid-sim/.well-known/openid-configuration`, simulator);

  const clientsDir = join(workDir, 'clients');
  await mkdir(clientsDir);
  await writeFile(join(clientsDir, 'production-rp.json'), JSON.stringify(registration));
  productionEnv = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(kontekstPort),
    PUBLIC_URL: kontekstUrl,
    TRUST_PROXY: 'true',
    REDIS_URL: redis.url,
    COOKIE_SECRETS: secret(),
    PAIRWISE_SALT: secret(),
    DIRECTORY_INDEX_SECRET: secret(),
    KEYS_DIR: join(workDir, 'keys'),
    CLIENTS_DIR: clientsDir,
    WORLD_FILE: 'config/demo-world.json',
    UPSTREAM_ISSUER: `${simulatorProxy.url}/mitid-sim`,
    UPSTREAM_CLIENT_AUTH: 'client_secret_basic',
    UPSTREAM_CLIENT_SECRET: UPSTREAM_SECRET,
    NODE_EXTRA_CA_CERTS: certificate.certFile,
    LOG_LEVEL: 'warn',
  };
  // Step 3: production keys.
  execFileSync(process.execPath, ['bin/kontekst.js', 'keys', 'init'], { env: { PATH: process.env['PATH'] ?? '', ...productionEnv }, stdio: 'pipe' });
  // Step 4: the start command.
  kontekst = runProgram(['dist/main.js'], productionEnv);
  await waitForUrl(`http://127.0.0.1:${kontekstPort}/readyz`, kontekst);
}, 300_000);

afterAll(async () => {
  await kontekst?.stop();
  await simulator?.stop();
  for (const proxy of proxies) await proxy.close();
  await redis?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
  if (trustedBefore === undefined) delete process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
  else process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = trustedBefore;
});

describe('the compiled server in production', () => {
  it('completes a login through the separate MitID simulator and issues tokens', async () => {
    const rp: TestRp = await discoverRp(kontekstUrl, registration);
    const request = await authorizationRequest(rp, { scope: 'openid profile' });
    const callbackUrl = await loginWithSeparateUpstream(kontekstUrl, request.url, DEMO_LOGINS['mette.larsen']!).catch((error: Error) => {
      throw new Error(`${error.message}\nKontekst:\n${kontekst.output()}\nSimulator:\n${simulator.output()}`);
    });
    const tokens = await redeem(rp, request, callbackUrl);
    expect(tokens.claims()).toMatchObject({ identity_type: 'private', idp: 'mitid', name: 'Mette Larsen' });
  });

  it('keeps /metrics off the public listener', async () => {
    expect((await fetch(`${kontekstUrl}/metrics`)).status).toBe(404);
  });

  it('a second start on the busy port says so and exits 78', async () => {
    const second = runProgram(['dist/main.js'], productionEnv);
    expect(await second.exited).toBe(78);
    expect(second.output()).toContain(`port ${kontekstPort} is in use; set PORT`);
    expect(second.output()).not.toMatch(/\n\s+at /);
  });

  it('development keys exit 78 with the hint to run keys init with a fresh KEYS_DIR', async () => {
    const devKeys = runProgram(['dist/main.js'], { ...productionEnv, PORT: String(await freePort()), KEYS_DIR: SHARED_TEST_KEYS });
    expect(await devKeys.exited).toBe(78);
    expect(devKeys.output()).toMatch(/development keys .* are refused in production/);
    expect(devKeys.output()).toMatch(/KEYS_DIR=\S+ NODE_ENV=production npx kontekst keys init/);
  });
});
