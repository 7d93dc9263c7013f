// The MitID issuing port on the simulator: a dedicated user ID issued at run time logs in at once over real OIDC.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MitIdIssuerError, type IssueDedicatedMitIdRequest, type MitIdIssuer } from '../../src/admin/ports/mitid-issuer.ts';
import { RedisKeyValueStore } from '../../src/store/redis-kv.ts';
import { completeSimulatorLogin, expectPage, SimulatorDriverError } from '../support/simulator-driver.ts';
import { uniquePrefix, useRedis } from '../store/redis-backends.ts';
import { authorizationRequest, redeem, startTestSimulator, type TestSimulator } from './harness.ts';

const LISE_PRIVATE_UUID = 'e7b9c1a3-5d2f-4e8b-a6c4-9d1e3f5a7b28';
const MOBILE = '+4520304050';

function request(overrides: Partial<IssueDedicatedMitIdRequest> = {}): IssueDedicatedMitIdRequest {
  return {
    userId: `kirk-${randomUUID().slice(0, 8)}`,
    means: 'code_display',
    mobile: MOBILE,
    professionalUuid: randomUUID(),
    cvr: '31627583',
    givenName: 'Lise',
    familyName: 'Dam',
    ...overrides,
  };
}

async function refusal(promise: Promise<unknown>): Promise<MitIdIssuerError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(MitIdIssuerError);
  return error as MitIdIssuerError;
}

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(async () => {
  await sim.close();
});

describe('issuing a dedicated MitID through the port', () => {
  it('is the MitIdIssuer port', () => {
    const port: MitIdIssuer = sim.mitid;
    expect(typeof port.issueDedicatedMitId).toBe('function');
  });

  it('logs the new user ID in at once with a code display, as a professional identity of that business user', async () => {
    const issued = request();
    const { mitidUuid } = await sim.mitid.issueDedicatedMitId(issued);
    const auth = await authorizationRequest(sim.rp);
    const { callbackUrl } = await completeSimulatorLogin(auth.url, { userId: issued.userId.toUpperCase(), means: 'code_display' });
    const { idToken, userinfo } = await redeem(sim.rp, auth, callbackUrl);
    expect(idToken.sub).toBe(mitidUuid);
    for (const claims of [idToken, userinfo] as Record<string, unknown>[]) {
      expect(claims).toMatchObject({
        idp: 'mitid_erhverv',
        identity_type: 'professional',
        'mitid.uuid': mitidUuid,
        'mitid.means': 'code_display',
        name: 'Lise Dam',
        'professional.uuid': issued.professionalUuid,
        'professional.cvr': '31627583',
      });
      expect(claims).not.toHaveProperty('dk.cpr');
      expect(claims).not.toHaveProperty('birthdate');
    }
  });

  it('an app on a new device: biometrics, as the user is alone in it', async () => {
    const issued = request({ means: 'app' });
    await sim.mitid.issueDedicatedMitId(issued);
    const auth = await authorizationRequest(sim.rp);
    const { callbackUrl } = await completeSimulatorLogin(auth.url, { userId: issued.userId, means: 'app', useBiometrics: true });
    const { idToken } = await redeem(sim.rp, auth, callbackUrl);
    expect(idToken.amr).toEqual(['mfa', 'swk', 'fpt']);
  });

  it('"add to my existing MitID app": PIN and no biometrics, for the new user and for the app\'s owner too', async () => {
    const issued = request({ means: 'app', addToExistingApp: { mitidUuid: LISE_PRIVATE_UUID }, pin: '4826' });
    await sim.mitid.issueDedicatedMitId(issued);

    const auth = await authorizationRequest(sim.rp);
    await expect(completeSimulatorLogin(auth.url, { userId: issued.userId, means: 'app', useBiometrics: true })).rejects.toThrow(/biometrics not offered/);
    const again = await authorizationRequest(sim.rp);
    const { callbackUrl } = await completeSimulatorLogin(again.url, { userId: issued.userId, means: 'app', pin: '4826' });
    expect((await redeem(sim.rp, again, callbackUrl)).idToken.amr).toEqual(['mfa', 'swk', 'pin']);

    // Lise's private user shares the app now: her own PIN, no biometrics.
    const owner = await authorizationRequest(sim.rp);
    await expect(completeSimulatorLogin(owner.url, { userId: 'lise.dam', means: 'app', useBiometrics: true })).rejects.toThrow(/biometrics not offered/);
    const ownerAgain = await authorizationRequest(sim.rp);
    const ownerLogin = await completeSimulatorLogin(ownerAgain.url, { userId: 'lise.dam', means: 'app', pin: '9630' });
    const { idToken } = await redeem(sim.rp, ownerAgain, ownerLogin.callbackUrl);
    expect(idToken).toMatchObject({ sub: LISE_PRIVATE_UUID, amr: ['mfa', 'swk', 'pin'] });
  });

  it('keeps user IDs unique: against the world file (any case), earlier issues, and a concurrent race', async () => {
    expect((await refusal(sim.mitid.issueDedicatedMitId(request({ userId: 'JENS.Hansen' })))).code).toBe('user_id_taken');
    const first = request();
    await sim.mitid.issueDedicatedMitId(first);
    const taken = await refusal(sim.mitid.issueDedicatedMitId(request({ userId: first.userId.toUpperCase() })));
    expect(taken).toMatchObject({ code: 'user_id_taken', field: 'userId' });

    const contested = `race-${randomUUID().slice(0, 8)}`;
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => sim.mitid.issueDedicatedMitId(request({ userId: contested }))));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const winner = (results.find((result) => result.status === 'fulfilled') as PromiseFulfilledResult<{ mitidUuid: string }>).value;
    expect((await sim.mitid.byUserId(contested))?.uuid).toBe(winner.mitidUuid);
  });

  it('refuses bad requests, naming the field, and issues nothing', async () => {
    const cases: [Partial<IssueDedicatedMitIdRequest>, string, string][] = [
      [{ userId: 'a b' }, 'invalid_request', 'userId'],
      [{ mobile: '12345678' }, 'invalid_request', 'mobile'],
      [{ means: 'chip', pin: '1234' }, 'invalid_request', 'means'],
      [{ means: 'app', addToExistingApp: { mitidUuid: LISE_PRIVATE_UUID } }, 'invalid_request', 'pin'],
      // Mette's app has no PIN: a second user in it could not be told apart from her.
      [{ means: 'app', addToExistingApp: { mitidUuid: 'a89d34ae-09fa-40c3-9e23-4147a99d9e76' }, pin: '1111' }, 'existing_app_without_pin', 'addToExistingApp.mitidUuid'],
      // Ole's app is blocked.
      [{ means: 'app', addToExistingApp: { mitidUuid: '2a3b4887-e2df-43a1-bdec-aa9c9144f02b' }, pin: '1111' }, 'existing_app_not_found', 'addToExistingApp.mitidUuid'],
      [{ means: 'app', addToExistingApp: { mitidUuid: randomUUID() }, pin: '1111' }, 'existing_app_not_found', 'addToExistingApp.mitidUuid'],
    ];
    for (const [overrides, code, field] of cases) {
      const bad = request(overrides);
      expect(await refusal(sim.mitid.issueDedicatedMitId(bad)), JSON.stringify(overrides)).toMatchObject({ code, field });
      expect(await sim.mitid.byUserId(bad.userId)).toBeUndefined();
    }
  });

  it('blocks a means of an issued user ID: the simulator refuses it from then on', async () => {
    const issued = request({ means: 'code_display' });
    const { mitidUuid } = await sim.mitid.issueDedicatedMitId(issued);
    await sim.mitid.blockMeans({ mitidUuid, means: 'code_display' });
    const auth = await authorizationRequest(sim.rp);
    const error = await completeSimulatorLogin(auth.url, { userId: issued.userId, means: 'code_display' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SimulatorDriverError);
    const page = (error as SimulatorDriverError).page;
    expectPage(page, 'means');
    expect(page.html).toContain('data-status="blocked"');
    expect(page.forms[0]!.buttons.find((button) => button.value === 'code_display')?.disabled).toBe(true);
    expect((await refusal(sim.mitid.blockMeans({ mitidUuid, means: 'chip' }))).code).toBe('unknown_identity');
    expect((await refusal(sim.mitid.blockMeans({ mitidUuid: '9138b07c-29cc-48f4-895e-3a98be94e2da', means: 'app' }))).code).toBe('fixed_identity');
  });
});

describe('issued identities live in the shared store: every simulator process sees them', () => {
  const redis = useRedis('single');
  let first: TestSimulator;
  let second: TestSimulator;
  beforeAll(async () => {
    const keyPrefix = uniquePrefix();
    first = await startTestSimulator({ store: new RedisKeyValueStore(redis(), keyPrefix) });
    second = await startTestSimulator({ store: new RedisKeyValueStore(redis(), keyPrefix) });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('issued at one process, logs in at another', async () => {
    const issued = request({ means: 'app', addToExistingApp: { mitidUuid: LISE_PRIVATE_UUID }, pin: '5731' });
    const { mitidUuid } = await first.mitid.issueDedicatedMitId(issued);
    const auth = await authorizationRequest(second.rp);
    const { callbackUrl } = await completeSimulatorLogin(auth.url, { userId: issued.userId, means: 'app', pin: '5731' });
    expect((await redeem(second.rp, auth, callbackUrl)).idToken.sub).toBe(mitidUuid);
    expect((await refusal(second.mitid.issueDedicatedMitId(request({ userId: issued.userId })))).code).toBe('user_id_taken');
  });
});
