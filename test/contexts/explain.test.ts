// Refusal sentences: every reason has a Danish and an English page sentence free of personal data, and the fixed English error_description.
import { describe, expect, it } from 'vitest';
import { noContextDescription, noContextReasons, refusalDescription } from '../../src/contexts/explain.ts';
import { describeRefusal, explainNoContext } from '../../src/journey/refusal-text.ts';
import type { ContextOffer } from '../../src/contexts/offer.ts';
import { REFUSAL_REASONS, type NotOffered } from '../../src/contexts/refusal.ts';

const ORG = { type: 'professional' as const, cvr: '34567891', orgName: 'Nordisk Revision A/S' };

describe('describeRefusal', () => {
  it.each(REFUSAL_REASONS.flatMap((reason) => (['da', 'en'] as const).map((lang) => [reason, lang] as const)))(
    '%s (%s) is a sentence naming the organisation, not the person',
    (reason, lang) => {
      const text = describeRefusal({ target: ORG, reason }, lang);
      expect(text.length).toBeGreaterThan(10);
      if (reason !== 'dedicated_mitid_cannot_act_privately' && reason !== 'client_does_not_accept_private') {
        expect(text).toContain('Nordisk Revision A/S');
      }
      const privateText = describeRefusal({ target: { type: 'private' }, reason }, lang);
      expect(privateText).not.toMatch(/undefined|\$\{/);
    },
  );

  it('gives different sentences per language', () => {
    for (const reason of REFUSAL_REASONS) {
      expect(describeRefusal({ target: ORG, reason }, 'da')).not.toBe(describeRefusal({ target: ORG, reason }, 'en'));
    }
  });

  it('has the agreed wording for a private login at a dedicated-only organisation', () => {
    const entry: NotOffered = { target: ORG, reason: 'org_requires_dedicated_mitid' };
    expect(describeRefusal(entry, 'en')).toBe('Nordisk Revision A/S requires a dedicated business MitID');
    expect(describeRefusal(entry, 'da')).toBe('Nordisk Revision A/S kræver et særskilt MitID til erhvervsbrug');
  });

  it('reads naturally for private excluded by a professional hint', () => {
    expect(describeRefusal({ target: { type: 'private' }, reason: 'excluded_by_login_hint' }, 'en')).toBe(
      'The service asked for a login on behalf of an organisation',
    );
  });
});

describe('explainNoContext', () => {
  const offer = (notOffered: NotOffered[]): ContextOffer => ({ offered: [], notOffered });

  it('explains the organisation the hint aimed at, not the ones the hint excluded', () => {
    const text = explainNoContext(
      noContextReasons(
        offer([
          { target: { type: 'private' }, reason: 'excluded_by_login_hint' },
          { target: { type: 'professional', cvr: '12345674', orgName: 'Tømrermester Hansen ApS' }, reason: 'excluded_by_login_hint' },
          { target: ORG, reason: 'loa_below_org_requirement' },
        ]),
        { kind: 'professional', cvr: '34567891' },
      ),
      'en',
    );
    expect(text).toBe('Nordisk Revision A/S requires a higher level of assurance than your login reached');
  });

  it('joins several distinct reasons into one line', () => {
    const text = explainNoContext(
      noContextReasons(
        offer([
          { target: { type: 'private' }, reason: 'client_does_not_accept_private' },
          { target: ORG, reason: 'private_mitid_not_accepted_by_user' },
        ]),
        { kind: 'any' },
      ),
      'en',
    );
    expect(text).toBe(
      'This service does not accept logins as a private person. You have not accepted using your private MitID for business use at Nordisk Revision A/S',
    );
  });

  it('says so when a professional hint meets a login without organisations', () => {
    const text = explainNoContext(
      noContextReasons(offer([{ target: { type: 'private' }, reason: 'excluded_by_login_hint' }]), { kind: 'professional' }),
      'da',
    );
    expect(text).toBe('Du kan ikke handle på vegne af nogen organisation med dette login');
  });

  it('falls back to the hint exclusion when nothing else explains it', () => {
    const text = explainNoContext(noContextReasons(offer([{ target: ORG, reason: 'excluded_by_login_hint' }]), { kind: 'private' }), 'en');
    expect(text).toBe('No context is available for this login');
  });
});

describe("the relying party's error_description", () => {
  const offer = (notOffered: NotOffered[]): ContextOffer => ({ offered: [], notOffered });

  it('is the English page sentence for every reason and target, so the protocol text and the page never drift apart', () => {
    for (const reason of REFUSAL_REASONS) {
      for (const target of [ORG, { type: 'private' as const }]) {
        expect(refusalDescription({ target, reason }), reason).toBe(describeRefusal({ target, reason }, 'en'));
      }
    }
    for (const hint of [{ kind: 'professional' as const }, { kind: 'any' as const }]) {
      const reasons = noContextReasons(offer([]), hint);
      expect(noContextDescription(reasons)).toBe(explainNoContext(reasons, 'en'));
    }
  });

  it('is English whatever the person reads', () => {
    const reasons = noContextReasons(offer([{ target: ORG, reason: 'org_requires_dedicated_mitid' }]), { kind: 'any' });
    expect(noContextDescription(reasons)).toBe('Nordisk Revision A/S requires a dedicated business MitID');
    expect(explainNoContext(reasons, 'da')).toBe('Nordisk Revision A/S kræver et særskilt MitID til erhvervsbrug');
  });
});
