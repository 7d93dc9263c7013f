// Language choice for Kontekst's pages: ui_locales first, then Accept-Language by weight, then Danish.
import { describe, expect, it } from 'vitest';
import { isMessageKey, pickLang, requestLang, translator } from '../../src/http/i18n.ts';

describe('pickLang', () => {
  it('an explicit ui_locales wins, first supported tag in order, region ignored', () => {
    expect(pickLang('en', 'da')).toBe('en');
    expect(pickLang('de en-GB da', undefined)).toBe('en');
    expect(pickLang('DA-dk', 'en')).toBe('da');
  });

  it('without a supported ui_locales, the highest-weighted supported Accept-Language', () => {
    expect(pickLang('fr', 'da;q=0.4, en-US;q=0.9, de')).toBe('en');
    expect(pickLang(undefined, 'en;q=0.1, da;q=0.2')).toBe('da');
    expect(pickLang(undefined, 'de, fr')).toBe('da');
  });

  it('defaults to Danish on nothing or garbage', () => {
    expect(pickLang(undefined, undefined)).toBe('da');
    expect(pickLang('', 'xx, *')).toBe('da');
  });
});

describe('requestLang', () => {
  const ctx = (acceptLanguage: string) => ({ get: (field: string) => (field === 'accept-language' ? acceptLanguage : '') });

  it('takes ui_locales when it is a string, and ignores a repeated (array) parameter', () => {
    expect(requestLang(ctx('da'), 'en')).toBe('en');
    expect(requestLang(ctx('en'), ['da', 'da'])).toBe('en');
    expect(requestLang(ctx(''), undefined)).toBe('da');
  });
});

describe('translator', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translator('en')('consent.title', { client: 'Demo' })).toBe('Demo would like access');
    expect(translator('da')('chooser.cvr', {})).toBe('CVR {cvr}');
    expect(isMessageKey('consent.title')).toBe(true);
    expect(isMessageKey('no.such.key')).toBe(false);
  });
});
