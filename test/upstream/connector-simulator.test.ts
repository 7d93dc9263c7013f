// The connector against the real MitID simulator over HTTP: every demo user ID and means, refusals, replay, tampering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Means } from '../../src/domain/mitid.ts';
import type { SimulatorIdentity } from '../../src/simulator/index.ts';
import { UpstreamError } from '../../src/upstream/errors.ts';
import { completeSimulatorLogin, SimulatorDriverError } from '../support/simulator-driver.ts';
import { startSimulatorUpstream, type SimulatorUpstream } from './support/simulator-upstream.ts';

let sim: SimulatorUpstream;

beforeAll(async () => {
  sim = await startSimulatorUpstream();
});
afterAll(async () => {
  await sim?.close();
});

async function expectUpstreamError(promise: Promise<unknown>, code: UpstreamError['code']): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  expect((error as UpstreamError).code).toBe(code);
  return error as UpstreamError;
}

function identity(userId: string): SimulatorIdentity {
  const found = sim.identities.find((candidate) => candidate.userId === userId);
  if (!found) throw new Error(`demo identity ${userId} missing`);
  return found;
}

/** Every (user ID, usable means) pair of the demo world, read from the same file the simulator serves. */
function usableMeans(): { userId: string; means: Means; pin?: string }[] {
  return sim.identities.flatMap((candidate) =>
    candidate.means
      .filter((means) => (means as { status?: string }).status !== 'blocked')
      .map((means) => ({ userId: candidate.userId, means: means.type, ...((means as { pin?: string }).pin ? { pin: (means as { pin?: string }).pin } : {}) })),
  );
}

describe('connector against the MitID simulator', () => {
  it('discovers the simulator and pings it', async () => {
    expect(await sim.connector().upstream.ping()).toBe(true);
  });

  it('covers every demo user ID, including the PIN users', () => {
    const pairs = usableMeans();
    for (const userId of ['jens.hansen', 'mette.larsen', 'karen.holm', 'nr-jens', 'sofie.berg']) {
      expect(pairs.some((pair) => pair.userId === userId)).toBe(true);
    }
    expect(pairs.filter((pair) => pair.pin).map((pair) => pair.userId).sort()).toEqual(['anders.kirk', 'birgitte.lund', 'jens.hansen', 'lise.dam', 'nr-jens', 'peter.nielsen']);
  });

  for (const method of ['private_key_jwt', 'client_secret_basic'] as const) {
    it(`logs in every demo user ID with every usable means (${method})`, async () => {
      const { upstream } = sim.connector(method);
      const pairs = usableMeans();
      expect(pairs.length).toBeGreaterThanOrEqual(10);
      for (const [index, pair] of pairs.entries()) {
        const interactionId = `${method}-${index}`;
        const authorizeUrl = await upstream.startLogin({ interactionId });
        const { callbackUrl } = await completeSimulatorLogin(authorizeUrl, pair);
        const login = await upstream.finishLogin({ interactionId, callbackUrl });
        const expected = identity(pair.userId);

        expect(login.mitidUuid, pair.userId).toBe(expected.uuid);
        expect(login.means, pair.userId).toBe(pair.means);
        expect(login.loa, `${pair.userId}/${pair.means}`).toBe(pair.means === 'chip' ? 'high' : 'substantial');
        expect(login.amr.length).toBeGreaterThan(0);
        if (pair.means === 'app' && pair.pin) expect(login.amr).toContain('pin');
        expect(Math.abs(login.authTime - Date.now() / 1000)).toBeLessThan(120);
        if (expected.kind === 'private') {
          expect(login).toMatchObject({ kind: 'private', person: { cpr: expected.person.cpr, birthdate: expected.person.birthdate, name: expected.person.name } });
        } else {
          expect(login).toMatchObject({ kind: 'dedicated', business: { cvr: expected.business.cvr, professionalUuid: expected.business.professionalUuid } });
          expect(JSON.stringify(login)).not.toMatch(/cpr|birthdate/);
        }
      }
    });
  }

  it('cannot log in ole.blocked; his cancel comes back as cancelled', async () => {
    const { upstream } = sim.connector();
    const blocked = await upstream.startLogin({ interactionId: 'ole-1' });
    await expect(completeSimulatorLogin(blocked, { userId: 'ole.blocked', means: 'app' })).rejects.toBeInstanceOf(SimulatorDriverError);

    const again = await upstream.startLogin({ interactionId: 'ole-2' });
    const { callbackUrl } = await completeSimulatorLogin(again, { userId: 'ole.blocked', means: 'app', cancel: true });
    const error = await expectUpstreamError(upstream.finishLogin({ interactionId: 'ole-2', callbackUrl }), 'cancelled');
    expect(error.oidcError).toBe('access_denied');
  });

  it.each(['karen.holm', 'sofie.berg'])('refuses acr_values High for %s, who has no chip', async (userId) => {
    const { upstream } = sim.connector();
    const authorizeUrl = await upstream.startLogin({ interactionId: `high-${userId}`, requiredLoa: 'high' });
    const { callbackUrl } = await completeSimulatorLogin(authorizeUrl, { userId, means: 'app' });
    const error = await expectUpstreamError(upstream.finishLogin({ interactionId: `high-${userId}`, callbackUrl }), 'unmet_authentication_requirements');
    expect(error.oidcError).toBe('unmet_authentication_requirements');
  });

  it('accepts acr_values High with a chip', async () => {
    const { upstream } = sim.connector();
    const authorizeUrl = await upstream.startLogin({ interactionId: 'high-chip', requiredLoa: 'high' });
    const { callbackUrl } = await completeSimulatorLogin(authorizeUrl, { userId: 'mette.larsen', means: 'chip' });
    expect((await upstream.finishLogin({ interactionId: 'high-chip', callbackUrl })).loa).toBe('high');
  });

  it('rejects a returned acr below the required level', async () => {
    const { upstream, transactions } = sim.connector();
    const authorizeUrl = await upstream.startLogin({ interactionId: 'loa' });
    // As if the upstream had ignored acr_values: the level is required only on our side.
    await transactions.tamper(authorizeUrl.searchParams.get('state')!, (txn) => ({ ...txn, requiredLoa: 'high' }));
    const { callbackUrl } = await completeSimulatorLogin(authorizeUrl, { userId: 'mette.larsen', means: 'app' });
    const error = await expectUpstreamError(upstream.finishLogin({ interactionId: 'loa', callbackUrl }), 'loa_too_low');
    expect(error.oidcError).toBe('unmet_authentication_requirements');
  });

  it('rejects a replayed callback (same state twice)', async () => {
    const { upstream } = sim.connector();
    const authorizeUrl = await upstream.startLogin({ interactionId: 'replay' });
    const { callbackUrl } = await completeSimulatorLogin(authorizeUrl, { userId: 'mette.larsen', means: 'code_display' });
    expect((await upstream.finishLogin({ interactionId: 'replay', callbackUrl })).kind).toBe('private');
    await expectUpstreamError(upstream.finishLogin({ interactionId: 'replay', callbackUrl }), 'unknown_state');
  });

  it('rejects a callback that belongs to another interaction, and leaves it to the rightful one', async () => {
    const { upstream } = sim.connector();
    const authorizeUrl = await upstream.startLogin({ interactionId: 'mine' });
    const { callbackUrl } = await completeSimulatorLogin(authorizeUrl, { userId: 'sofie.berg', means: 'code_reader' });
    await expectUpstreamError(upstream.finishLogin({ interactionId: 'theirs', callbackUrl }), 'unknown_state');
    expect((await upstream.finishLogin({ interactionId: 'mine', callbackUrl })).kind).toBe('dedicated');
  });

  it('rejects an ID token whose nonce does not match the transaction', async () => {
    const { upstream, transactions } = sim.connector();
    const authorizeUrl = await upstream.startLogin({ interactionId: 'nonce' });
    await transactions.tamper(authorizeUrl.searchParams.get('state')!, (txn) => ({ ...txn, nonce: 'forged-nonce' }));
    const { callbackUrl } = await completeSimulatorLogin(authorizeUrl, { userId: 'jens.hansen', means: 'code_display' });
    const error = await expectUpstreamError(upstream.finishLogin({ interactionId: 'nonce', callbackUrl }), 'invalid_response');
    expect(error.message).not.toContain('forged-nonce');
  });

  it('rejects a callback whose PKCE verifier does not match', async () => {
    const { upstream, transactions } = sim.connector();
    const authorizeUrl = await upstream.startLogin({ interactionId: 'pkce' });
    await transactions.tamper(authorizeUrl.searchParams.get('state')!, (txn) => ({ ...txn, codeVerifier: 'x'.repeat(64) }));
    const { callbackUrl } = await completeSimulatorLogin(authorizeUrl, { userId: 'mette.larsen', means: 'app' });
    const error = await expectUpstreamError(upstream.finishLogin({ interactionId: 'pkce', callbackUrl }), 'upstream_error');
    expect(error.detail).toBe('invalid_grant');
  });

  it('maps a user cancel to cancelled', async () => {
    const { upstream } = sim.connector('client_secret_basic');
    const authorizeUrl = await upstream.startLogin({ interactionId: 'cancel', uiLocales: 'en' });
    const { callbackUrl } = await completeSimulatorLogin(authorizeUrl, { userId: 'mette.larsen', means: 'app', cancel: true });
    await expectUpstreamError(upstream.finishLogin({ interactionId: 'cancel', callbackUrl }), 'cancelled');
  });
});
