// CPR numbers: 10 digits DDMMYY-SSSS whose date part is a real, past date (no modulus-11: dropped in 2007).

/** The birth date a CPR number encodes (the 7th digit picks the century), or undefined when there is none. */
export function cprBirthDate(cpr: string): Date | undefined {
  const match = /^(\d{2})(\d{2})(\d{2})-?(\d)\d{3}$/.exec(cpr);
  if (!match) return undefined;
  const [, dd, mm, yy, centuryDigit] = match;
  const year = cprCentury(Number(centuryDigit), Number(yy)) + Number(yy);
  return calendarDate(year, Number(mm), Number(dd));
}

/** Whether `cpr` (10 digits, optionally DDMMYY-SSSS) has a plausible date part: a real date not after `today`. */
export function isPlausibleCpr(cpr: string, today: Date = new Date()): boolean {
  const birth = cprBirthDate(cpr);
  return birth !== undefined && birth.getTime() <= today.getTime();
}

/** The 10 digits without the optional dash. */
export function normaliseCpr(cpr: string): string {
  return cpr.replace('-', '');
}

/** A UTC date for year/month/day, or undefined when it does not exist (31 April, 29 February 1900, …). */
export function calendarDate(year: number, month: number, day: number): Date | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? date : undefined;
}

// The CPR office's table: the 7th digit and the two-digit year together give the century.
function cprCentury(digit: number, yy: number): number {
  if (digit <= 3) return 1900;
  if (digit === 4 || digit === 9) return yy <= 36 ? 2000 : 1900;
  return yy <= 57 ? 2000 : 1800;
}
