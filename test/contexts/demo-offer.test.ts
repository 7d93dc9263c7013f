// The demo world's expected choosers: each demo login, through the real directory facts, offers exactly these contexts.
import { beforeAll, describe, expect, it } from 'vitest';
import { noContextReasons } from '../../src/contexts/explain.ts';
import { explainNoContext } from '../../src/journey/refusal-text.ts';
import { parseLoginHint } from '../../src/contexts/login-hint.ts';
import { offerContexts, type ContextOffer } from '../../src/contexts/offer.ts';
import type { IdentityType } from '../../src/domain/context.ts';
import type { Means } from '../../src/domain/mitid.ts';
import { directoryFactsFor } from '../../src/journey/directory-facts.ts';
import type { LiveDirectory } from '../../src/directory/live-directory.ts';
import { demoDirectory } from '../directory/support.ts';
import { demoLogin } from '../directory/demo-fixtures.ts';

let repo: LiveDirectory;
beforeAll(async () => {
  repo = await demoDirectory();
});

async function offerFor(
  userId: string,
  options: { means?: Means; identityTypes?: IdentityType[]; hint?: string } = {},
): Promise<ContextOffer> {
  const login = demoLogin(userId, options.means);
  return offerContexts({
    login,
    facts: await directoryFactsFor(repo, login),
    clientIdentityTypes: options.identityTypes ?? ['private', 'professional'],
    loginHint: parseLoginHint(options.hint),
  });
}

/** "private" or the organisation name, in offered order. */
function labels(offer: ContextOffer): string[] {
  return offer.offered.map((context) => (context.type === 'private' ? 'private' : context.orgName));
}

function reasons(offer: ContextOffer): Record<string, string> {
  return Object.fromEntries(
    offer.notOffered.map((entry) => [entry.target.type === 'private' ? 'private' : entry.target.orgName, entry.reason]),
  );
}

describe('demo world chooser', () => {
  it('jens.hansen → private + Tømrermester Hansen ApS (Nordisk Revision requires a dedicated MitID)', async () => {
    const offer = await offerFor('jens.hansen');
    expect(labels(offer)).toEqual(['private', 'Tømrermester Hansen ApS']);
    expect(offer.offered[1]).toEqual({
      type: 'professional',
      cvr: '12345674',
      orgName: 'Tømrermester Hansen ApS',
      businessUserUuid: '3240a090-fde3-4e45-8018-edbecd0706b7',
    });
    expect(reasons(offer)).toEqual({ 'Nordisk Revision A/S': 'org_requires_dedicated_mitid' });
  });

  it('mette.larsen → private only', async () => {
    const offer = await offerFor('mette.larsen');
    expect(labels(offer)).toEqual(['private']);
    expect(offer.notOffered).toEqual([]);
  });

  it('karen.holm → private only; Lægehuset Havnen not offered because she has not accepted private MitID', async () => {
    const offer = await offerFor('karen.holm');
    expect(labels(offer)).toEqual(['private']);
    expect(reasons(offer)).toEqual({ 'Lægehuset Havnen': 'private_mitid_not_accepted_by_user' });
  });

  it('sofie.berg → Lægehuset Havnen + Nordisk Revision A/S (by name), never private', async () => {
    const offer = await offerFor('sofie.berg');
    expect(labels(offer)).toEqual(['Lægehuset Havnen', 'Nordisk Revision A/S']);
    expect(reasons(offer)).toEqual({ private: 'dedicated_mitid_cannot_act_privately' });
  });

  it('sofie.berg with the code reader → Nordisk Revision only (Lægehuset Havnen does not allow it)', async () => {
    const offer = await offerFor('sofie.berg', { means: 'code_reader' });
    expect(labels(offer)).toEqual(['Nordisk Revision A/S']);
    expect(reasons(offer)).toEqual({
      private: 'dedicated_mitid_cannot_act_privately',
      'Lægehuset Havnen': 'means_not_allowed_by_org',
    });
  });

  it('nr-jens → Nordisk Revision A/S only', async () => {
    const offer = await offerFor('nr-jens');
    expect(labels(offer)).toEqual(['Nordisk Revision A/S']);
    expect(offer.offered[0]).toMatchObject({ businessUserUuid: 'dd4ae5da-30aa-48d4-b816-e6275e03d22d' });
    expect(reasons(offer)).toEqual({ private: 'dedicated_mitid_cannot_act_privately' });
  });

  it('jens.hansen with login_hint professional:cvr:34567891 → nothing, and the explanation says why', async () => {
    const offer = await offerFor('jens.hansen', { hint: 'professional:cvr:34567891' });
    expect(offer.offered).toEqual([]);
    expect(reasons(offer)).toEqual({
      private: 'excluded_by_login_hint',
      'Nordisk Revision A/S': 'org_requires_dedicated_mitid',
      'Tømrermester Hansen ApS': 'excluded_by_login_hint',
    });
    const hint = parseLoginHint('professional:cvr:34567891');
    expect(explainNoContext(noContextReasons(offer, hint), 'en')).toBe('Nordisk Revision A/S requires a dedicated business MitID');
    expect(explainNoContext(noContextReasons(offer, hint), 'da')).toBe('Nordisk Revision A/S kræver et særskilt MitID til erhvervsbrug');
  });

  it('jens.hansen for a client with identity_types ["private"] → private only (no chooser)', async () => {
    const offer = await offerFor('jens.hansen', { identityTypes: ['private'] });
    expect(labels(offer)).toEqual(['private']);
    expect(reasons(offer)['Tømrermester Hansen ApS']).toBe('client_does_not_accept_professional');
  });

  it('jens.hansen with login_hint professional:cvr:12345674 → Tømrermester Hansen ApS only', async () => {
    expect(labels(await offerFor('jens.hansen', { hint: 'professional:cvr:12345674' }))).toEqual(['Tømrermester Hansen ApS']);
  });

  it('jens.hansen with login_hint professional:cvr:29876541 → nothing: no business user there', async () => {
    const offer = await offerFor('jens.hansen', { hint: 'professional:cvr:29876541' });
    expect(offer.offered).toEqual([]);
    expect(explainNoContext(noContextReasons(offer, parseLoginHint('professional:cvr:29876541')), 'en')).toBe(
      'You are not a business user of CVR 29876541',
    );
  });

  it('sofie.berg for a private-only client → nothing, explained without personal data', async () => {
    const offer = await offerFor('sofie.berg', { identityTypes: ['private'] });
    expect(offer.offered).toEqual([]);
    const text = explainNoContext(noContextReasons(offer, parseLoginHint(undefined)), 'en');
    expect(text).toContain('A dedicated business MitID cannot be used to act as a private person');
    expect(text).not.toMatch(/Sofie|Berg|1117a08b|2a8c3fd9/);
  });
});
