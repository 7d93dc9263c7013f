// The simulator's means rules without pages or storage: status, refusal, level reachability, lockout count.
import { describe, expect, it } from 'vitest';
import { isCodeMeans, lockoutAfter, MAX_WRONG_ATTEMPTS, meansStatus, reachesLevel, refusalFor } from '../../src/simulator/means-rules.ts';
import type { SimulatorIdentity, SimulatorMeans } from '../../src/simulator/identities.ts';

const app: SimulatorMeans = { type: 'app', status: 'active' };
const chip: SimulatorMeans = { type: 'chip', status: 'active' };
const blockedApp: SimulatorMeans = { type: 'app', status: 'blocked' };

function identityWith(means: SimulatorMeans[]): SimulatorIdentity {
  return {
    userId: 'u',
    kind: 'private',
    uuid: '00000000-0000-4000-8000-000000000001',
    person: { cpr: '0101011234', name: 'A B', givenName: 'A', familyName: 'B', birthdate: '2001-01-01' },
    means,
  };
}

describe('meansStatus', () => {
  it('blocked by the issuer wins over level and lockout', () => {
    expect(meansStatus(blockedApp, 'high', true)).toBe('blocked');
  });
  it('too low before locked: a lockout only matters for a means that could be used', () => {
    expect(meansStatus(app, 'high', true)).toBe('too_low');
    expect(meansStatus(app, 'substantial', true)).toBe('locked');
  });
  it('active when unblocked, strong enough and not locked', () => {
    expect(meansStatus(app, 'substantial', false)).toBe('active');
    expect(meansStatus(chip, 'high', false)).toBe('active');
  });
});

describe('refusalFor', () => {
  it('names the error for each refused status and none for active', () => {
    expect(refusalFor('blocked')).toBe('means_blocked');
    expect(refusalFor('too_low')).toBe('level_too_low');
    expect(refusalFor('locked')).toBe('means_locked');
    expect(refusalFor('active')).toBeUndefined();
  });
});

describe('reachesLevel', () => {
  it('is true when any means reaches the level', () => {
    expect(reachesLevel(identityWith([app]), 'high')).toBe(false);
    expect(reachesLevel(identityWith([app, chip]), 'high')).toBe(true);
    expect(reachesLevel(identityWith([app]), 'low')).toBe(true);
  });
});

describe('lockoutAfter', () => {
  it('counts down and locks at the third wrong try, and stays locked beyond', () => {
    expect(MAX_WRONG_ATTEMPTS).toBe(3);
    expect(lockoutAfter(1)).toEqual({ locked: false, attemptsLeft: 2 });
    expect(lockoutAfter(2)).toEqual({ locked: false, attemptsLeft: 1 });
    expect(lockoutAfter(3)).toEqual({ locked: true, attemptsLeft: 0 });
    expect(lockoutAfter(8)).toEqual({ locked: true, attemptsLeft: 0 });
  });
});

describe('isCodeMeans', () => {
  it('is the code display and the code reader only', () => {
    expect(['app', 'code_display', 'code_reader', 'chip'].filter((m) => isCodeMeans(m as SimulatorMeans['type']))).toEqual([
      'code_display',
      'code_reader',
    ]);
    expect(isCodeMeans(undefined)).toBe(false);
  });
});
