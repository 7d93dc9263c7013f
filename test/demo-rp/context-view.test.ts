// What the result page says about the context and how claims are listed.
import { describe, expect, it } from 'vitest';
import { claimRows, describeContext, idpLabel, levelName, observedContext } from '../../src/demo-rp/context-view.ts';
import { demoTranslator } from '../../src/demo-rp/messages.ts';

const da = demoTranslator('da');
const en = demoTranslator('en');

describe('observedContext / describeContext', () => {
  it('private person', () => {
    const context = observedContext({ identity_type: 'private' });
    expect(context).toEqual({ type: 'private' });
    expect(describeContext(context, da)).toBe('som privatperson');
    expect(describeContext(context, en)).toBe('as a private person');
  });

  it('on behalf of an organisation, with the name and CVR found in userinfo when the ID token lacks them', () => {
    const context = observedContext({ identity_type: 'professional' }, { 'professional.org_name': 'Lægehuset Havnen', 'professional.cvr': '29876541' });
    expect(context).toEqual({ type: 'professional', orgName: 'Lægehuset Havnen', cvr: '29876541' });
    expect(describeContext(context, da)).toBe('på vegne af Lægehuset Havnen (CVR 29876541)');
    expect(describeContext(context, en)).toBe('on behalf of Lægehuset Havnen (CVR 29876541)');
  });

  it('professional without the professional scope says how to see which organisation', () => {
    expect(describeContext(observedContext({ identity_type: 'professional' }), en)).toMatch(/ask for the "professional" scope/);
  });

  it('anything else is unknown, never guessed', () => {
    expect(observedContext({ identity_type: 'both' })).toEqual({ type: 'unknown' });
    expect(observedContext({})).toEqual({ type: 'unknown' });
  });
});

describe('claimRows', () => {
  it('sorts by name and shows structured values as JSON', () => {
    expect(claimRows({ sub: 'abc', amr: ['hwk'], auth_time: 1700000000, 'professional.privileges': [{ scope: 's', privileges: ['p'] }] })).toEqual([
      { name: 'amr', value: '["hwk"]' },
      { name: 'auth_time', value: '1700000000' },
      { name: 'professional.privileges', value: '[{"scope":"s","privileges":["p"]}]' },
      { name: 'sub', value: 'abc' },
    ]);
  });
});

describe('labels', () => {
  it('acr short form and idp names', () => {
    // The level's name as MitID's own pages say it (the simulator's catalogue): Betydelig, not Substantial.
    expect(levelName('https://data.gov.dk/concept/core/nsis/loa/Substantial', 'da')).toBe('Betydelig');
    expect(levelName('https://data.gov.dk/concept/core/nsis/loa/High', 'da')).toBe('Høj');
    expect(levelName('https://data.gov.dk/concept/core/nsis/loa/Substantial', 'en')).toBe('Substantial');
    expect(levelName('urn:other:acr', 'da')).toBe('urn:other:acr');
    expect(levelName(undefined, 'da')).toBe('—');
    expect(idpLabel('mitid')).toBe('MitID');
    expect(idpLabel('mitid_erhverv')).toBe('MitID Erhverv');
  });
});
