// The simulator's own inputs: the world file's identities and the standalone env schema fail clearly on bad data.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSimulatorEnv, simulatorClient } from '../../src/simulator/env.ts';
import { loadSimulatorIdentities, minimumLoa } from '../../src/simulator/index.ts';
import { WORLD_FILE } from './harness.ts';

async function worldWith(identities: unknown): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'mitid-sim-')), 'world.json');
  await writeFile(file, JSON.stringify({ mitid: { identities } }));
  return file;
}

const person = { cpr: '0101011234', name: 'A B', givenName: 'A', familyName: 'B', birthdate: '2001-01-01' };

describe('loadSimulatorIdentities', () => {
  it('loads the demo world', async () => {
    const identities = await loadSimulatorIdentities(WORLD_FILE);
    expect(identities.find((identity) => identity.userId === 'ole.blocked')?.means[0]?.status).toBe('blocked');
    expect(identities.find((identity) => identity.userId === 'mette.larsen')?.means[0]?.status).toBe('active');
  });

  it('refuses a shared app without a PIN per user, naming the place', async () => {
    const file = await worldWith([
      { userId: 'a', kind: 'private', uuid: '11111111-1111-4111-8111-111111111111', person, means: [{ type: 'app', device: 'd', pin: '1234' }] },
      { userId: 'b', kind: 'private', uuid: '22222222-2222-4222-8222-222222222222', person, means: [{ type: 'app', device: 'd' }] },
    ]);
    await expect(loadSimulatorIdentities(file)).rejects.toThrow(/a shared app needs a PIN per user\n\s+→ at mitid\.identities\[1\]\.means\[0\]\.pin/);
  });

  it('refuses a CPR number on a dedicated business user ID and unknown means', async () => {
    const dedicated = await worldWith([
      { userId: 'c', kind: 'dedicated', uuid: '33333333-3333-4333-8333-333333333333', person, business: { professionalUuid: '44444444-4444-4444-8444-444444444444', cvr: '12345674', name: 'C' }, means: [{ type: 'chip' }] },
    ]);
    await expect(loadSimulatorIdentities(dedicated)).rejects.toThrow(/invalid MitID identities/);
    const means = await worldWith([{ userId: 'd', kind: 'private', uuid: '55555555-5555-4555-8555-555555555555', person, means: [{ type: 'nemid' }] }]);
    await expect(loadSimulatorIdentities(means)).rejects.toThrow(/→ at mitid\.identities\[0\]\.means\[0\]\.type/);
  });
});

describe('standalone configuration', () => {
  it('defaults, and a client with a secret uses client_secret_basic', () => {
    const env = parseSimulatorEnv({ SIMULATOR_CLIENT_SECRET: 'a-long-enough-secret', SIMULATOR_REDIRECT_URIS: 'http://localhost:3000/cb, http://localhost:3000/cb2' });
    expect(env.SIMULATOR_PORT).toBe(3100);
    expect(simulatorClient(env)).toMatchObject({ token_endpoint_auth_method: 'client_secret_basic', redirect_uris: ['http://localhost:3000/cb', 'http://localhost:3000/cb2'] });
    const jwt = parseSimulatorEnv({ SIMULATOR_CLIENT_JWKS_URI: 'http://localhost:3000/jwks' });
    expect(simulatorClient(jwt)).toMatchObject({ token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'http://localhost:3000/jwks' });
  });

  it('names the bad key', () => {
    expect(() => parseSimulatorEnv({ SIMULATOR_PORT: 'x', SIMULATOR_CLIENT_SECRET: 'a-long-enough-secret' })).toThrow(/SIMULATOR_PORT/);
    expect(() => parseSimulatorEnv({})).toThrow(/SIMULATOR_CLIENT_SECRET/);
    expect(() => parseSimulatorEnv({ SIMULATOR_CLIENT_SECRET: 'a-long-enough-secret', SIMULATOR_REDIRECT_URIS: 'not a url' })).toThrow(/SIMULATOR_REDIRECT_URIS/);
  });
});

describe('minimumLoa', () => {
  it('is the lowest level listed in acr_values, ignoring unknown values', () => {
    const base = 'https://data.gov.dk/concept/core/nsis/loa/';
    expect(minimumLoa(undefined)).toBe('low');
    expect(minimumLoa(`${base}High`)).toBe('high');
    expect(minimumLoa(`${base}High ${base}Substantial`)).toBe('substantial');
    expect(minimumLoa(`urn:other ${base}High`)).toBe('high');
  });
});
