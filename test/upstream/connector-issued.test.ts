// Kontekst's upstream connector logs in a dedicated MitID issued at run time through the port: a dedicated login, no CPR.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { completeSimulatorLogin } from '../support/simulator-driver.ts';
import { startSimulatorUpstream, type SimulatorUpstream } from './support/simulator-upstream.ts';

let sim: SimulatorUpstream;
beforeAll(async () => {
  sim = await startSimulatorUpstream();
});
afterAll(async () => {
  await sim?.close();
});

it('turns the issued user ID into a dedicated MitID login of the business user', async () => {
  const professionalUuid = randomUUID();
  const userId = `peter-${randomUUID().slice(0, 6)}`;
  const { mitidUuid } = await sim.mitid.issueDedicatedMitId({
    userId,
    means: 'app',
    mobile: '+4540506070',
    professionalUuid,
    cvr: '31627583',
    givenName: 'Peter',
    familyName: 'Nielsen',
    addToExistingApp: { mitidUuid: '8a4d2f6c-1b3e-4c7a-9e5d-6f2b8a1c3d57' },
    pin: '7391',
  });
  const { upstream } = sim.connector();
  const authorizeUrl = await upstream.startLogin({ interactionId: 'issued-1' });
  const { callbackUrl } = await completeSimulatorLogin(authorizeUrl, { userId, means: 'app', pin: '7391' });
  const login = await upstream.finishLogin({ interactionId: 'issued-1', callbackUrl });
  expect(login).toMatchObject({ kind: 'dedicated', mitidUuid, means: 'app', loa: 'substantial', business: { professionalUuid, cvr: '31627583', name: 'Peter Nielsen' } });
  expect(login.amr).toContain('pin');
  expect(JSON.stringify(login)).not.toMatch(/cpr|birthdate|1702901243/);
});
