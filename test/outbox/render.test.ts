// Every outbox message kind renders in Danish and English: subject, text and escaped HTML; no CPR gets in.
import { describe, expect, it } from 'vitest';
import { OUTBOX_MESSAGE_KINDS, parseOutboxMessage } from '../../src/outbox/message.ts';
import { renderOutboxMessage, type RenderedEmail } from '../../src/outbox/render.ts';
import { messageOf } from './fixtures.ts';

describe('rendering', () => {
  it('knows the seven kinds of ADMIN.md and the activation SMS', () => {
    expect([...OUTBOX_MESSAGE_KINDS].sort()).toEqual(
      ['activation_link', 'means_blocked', 'role_granted', 'role_removed', 'setup_link', 'sms_verification_code', 'user_deactivated'].sort(),
    );
  });

  it.each(OUTBOX_MESSAGE_KINDS.flatMap((kind) => (['da', 'en'] as const).map((lang) => [kind, lang] as const)))('renders %s in %s with no placeholder left', (kind, lang) => {
    const rendered = renderOutboxMessage(messageOf(kind, lang));
    const texts = rendered.channel === 'email' ? [rendered.subject, rendered.text, rendered.html] : [rendered.text];
    for (const text of texts) {
      expect(text).not.toMatch(/\{\w+\}/);
      expect(text.length).toBeGreaterThan(10);
    }
    if (rendered.channel === 'email') {
      expect(rendered.html).toContain(`<html lang="${lang}">`);
      expect(rendered.text).toContain(lang === 'da' ? 'Kære Birgitte Lund' : 'Dear Birgitte Lund');
    }
  });

  it('puts the link and its expiry (Danish time) into a setup e-mail, in each language', () => {
    const da = renderOutboxMessage(messageOf('setup_link', 'da')) as RenderedEmail;
    const en = renderOutboxMessage(messageOf('setup_link', 'en')) as RenderedEmail;
    expect(da.subject).toBe('Opsæt Kirk & Co. Bogføring ApS i MitID Erhverv');
    expect(en.subject).toBe('Set up Kirk & Co. Bogføring ApS in MitID Business');
    for (const email of [da, en]) {
      expect(email.text).toContain('http://localhost:3000/setup/abc123');
      expect(email.html).toContain('href="http://localhost:3000/setup/abc123"');
    }
    expect(da.text).toContain('29. januar 2027 kl. 13.00');
    expect(en.text).toContain('29 January 2027 at 13:00');
  });

  it('escapes organisation names in HTML', () => {
    const message = messageOf('role_granted', 'en');
    const rendered = renderOutboxMessage({ ...message, data: { ...message.data, organisationName: '<script>x</script> & Co' } as never }) as RenderedEmail;
    expect(rendered.html).not.toContain('<script>x');
    expect(rendered.html).toContain('&lt;script&gt;x&lt;/script&gt; &amp; Co');
    expect(rendered.html).toContain('user administrator');
  });

  it('sends the verification code by SMS in the chosen language', () => {
    const rendered = renderOutboxMessage(messageOf('sms_verification_code', 'da'));
    expect(rendered).toMatchObject({ channel: 'sms', to: '+4520304050' });
    expect(rendered.text).toBe('Din MitID Erhverv-verifikationskode er 482913. Del den ikke med andre.');
  });
});

describe('the message schema', () => {
  it.each([
    ['a CPR with dash in a name', { recipient: { channel: 'email', address: 'a@example.dk', name: 'Per 150580-1234' } }, 'recipient.name'],
    ['a CPR without dash in a link', { data: { organisationName: 'X', cvr: '31627583', link: 'http://x/activate?cpr=1505801234', expiresAt: '2027-01-01T00:00:00Z' } }, 'data.link'],
    ['a CPR field', { data: { organisationName: 'X', cvr: '31627583', link: 'http://x/a', expiresAt: '2027-01-01T00:00:00Z', cpr: '1505801234' } }, 'data'],
    ['a javascript: link', { data: { organisationName: 'X', cvr: '31627583', link: 'javascript:alert(1)', expiresAt: '2027-01-01T00:00:00Z' } }, 'data.link'],
    ['an SMS recipient for an e-mail kind', { recipient: { channel: 'sms', mobile: '+4520304050' } }, 'recipient.channel'],
    ['a third language', { language: 'de' }, 'language'],
  ])('refuses %s, naming the field but never the value', (_label, change, field) => {
    const input = { ...messageOf('activation_link'), ...change };
    let error: Error | undefined;
    try {
      parseOutboxMessage(input);
    } catch (caught) {
      error = caught as Error;
    }
    expect(error?.message).toContain(field);
    expect(error?.message).not.toMatch(/1505801234|150580-1234/);
  });

  it('accepts links whose ids happen to hold CPR-shaped digits inside them', () => {
    const message = messageOf('activation_link');
    for (const link of ['http://localhost:3000/activation/ab150580-1234-4abc-8def-150580123412', 'http://localhost:3000/activation/1505801234abcdef']) {
      expect(parseOutboxMessage({ ...message, data: { ...message.data, link } }).kind).toBe('activation_link');
    }
  });

  it('accepts every fixture kind', () => {
    for (const kind of OUTBOX_MESSAGE_KINDS) expect(parseOutboxMessage(messageOf(kind)).kind).toBe(kind);
  });
});
