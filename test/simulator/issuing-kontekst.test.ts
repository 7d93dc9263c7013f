// Kontekst wires the simulator's MitID issuer: a dedicated MitID issued through kontekst.mitIdIssuer logs in through Kontekst's own upstream hop.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { completeSimulatorLogin } from '../support/simulator-driver.ts';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';

let running: RunningKontekst;
beforeAll(async () => {
  running = await startKontekst();
});
afterAll(async () => {
  await running?.close();
});

it('issues at the built-in simulator, and the upstream connector gets a dedicated login for it', async () => {
  const issuer = running.kontekst.mitIdIssuer;
  expect(issuer).toBeDefined();
  const professionalUuid = randomUUID();
  const userId = `birgitte-${randomUUID().slice(0, 6)}`;
  const { mitidUuid } = await issuer!.issueDedicatedMitId({
    userId,
    means: 'code_display',
    mobile: '+4531323334',
    professionalUuid,
    cvr: '31627583',
    givenName: 'Birgitte',
    familyName: 'Lund',
  });
  const { upstream } = running.kontekst;
  const authorizeUrl = await upstream.startLogin({ interactionId: 'issued-at-kontekst' });
  expect(authorizeUrl.toString()).toContain(`${running.url}/mitid-sim/`);
  const { callbackUrl } = await completeSimulatorLogin(authorizeUrl, { userId, means: 'code_display' });
  const login = await upstream.finishLogin({ interactionId: 'issued-at-kontekst', callbackUrl });
  expect(login).toMatchObject({ kind: 'dedicated', mitidUuid, business: { professionalUuid, cvr: '31627583', name: 'Birgitte Lund' } });
});
