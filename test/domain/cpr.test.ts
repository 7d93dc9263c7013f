// CPR plausibility: 10 digits whose date part (century from the 7th digit) is a real date not in the future.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cprBirthDate, isPlausibleCpr, normaliseCpr } from '../../src/domain/cpr.ts';

const TODAY = new Date('2026-11-30T00:00:00Z');

describe('CPR numbers', () => {
  it('reads the century from the 7th digit', () => {
    expect(cprBirthDate('0101801234')?.toISOString().slice(0, 10)).toBe('1980-01-01');
    expect(cprBirthDate('0101104234')?.toISOString().slice(0, 10)).toBe('2010-01-01');
    expect(cprBirthDate('0101504234')?.toISOString().slice(0, 10)).toBe('1950-01-01');
    expect(cprBirthDate('0101905234')?.toISOString().slice(0, 10)).toBe('1890-01-01');
    expect(cprBirthDate('0101205234')?.toISOString().slice(0, 10)).toBe('2020-01-01');
    expect(cprBirthDate('0101309234')?.toISOString().slice(0, 10)).toBe('2030-01-01');
  });

  it('accepts DDMMYY-SSSS and normalises it to 10 digits', () => {
    expect(isPlausibleCpr('010180-1234', TODAY)).toBe(true);
    expect(normaliseCpr('010180-1234')).toBe('0101801234');
  });

  it.each([
    ['3202801234', 'day 32'],
    ['3104801234', '31 April'],
    ['2902001234', '29 February 1900'],
    ['0113801234', 'month 13'],
    ['0101309234', 'born in 2030 (future)'],
    ['010180123', '9 digits'],
    ['01018012345', '11 digits'],
    ['01018O1234', 'a letter'],
  ])('refuses %s (%s)', (cpr) => {
    expect(isPlausibleCpr(cpr, TODAY)).toBe(false);
  });

  it('accepts 29 February in a leap year', () => {
    expect(isPlausibleCpr('2902001234', TODAY)).toBe(false);
    expect(isPlausibleCpr('2902004234', TODAY)).toBe(true);
  });

  it('every real past date of 1900–1999 written as DDMMYY with 7th digit 0–3 is plausible', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('1999-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 999 }),
        (date, century, serial) => {
          const dd = String(date.getUTCDate()).padStart(2, '0');
          const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
          const yy = String(date.getUTCFullYear() % 100).padStart(2, '0');
          const cpr = `${dd}${mm}${yy}${century}${String(serial).padStart(3, '0')}`;
          expect(isPlausibleCpr(cpr, TODAY)).toBe(true);
          expect(cprBirthDate(cpr)?.toISOString().slice(0, 10)).toBe(date.toISOString().slice(0, 10));
        },
      ),
    );
  });
});
