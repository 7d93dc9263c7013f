// Level of assurance and RFC 8176 amr values per identification means, and the minimum a request asks for.
import { acrToLoa, LOA_LEVELS, type Loa, type Means } from '../domain/mitid.ts';

/** NSIS level each means reaches: app and codes reach Substantial; only the chip reaches High. */
export const MEANS_LOA: Record<Means, Loa> = {
  app: 'substantial',
  code_display: 'substantial',
  code_reader: 'substantial',
  chip: 'high',
};

/** How the app step was completed: biometrics when the user is alone in the app, otherwise the user's PIN. */
export type AppMethod = 'biometrics' | 'pin';

/**
 * RFC 8176 amr values:
 * - app + biometrics: mfa (two factors), swk (software key in the app), fpt (fingerprint/biometric);
 * - app + PIN: mfa, swk, pin;
 * - code display / code reader: mfa, otp (one-time code), hwk (the hardware token showing or reading it);
 * - chip: mfa, hwk (the chip), pop (proof of possession of its key).
 */
export function amrFor(means: Means, appMethod?: AppMethod): string[] {
  switch (means) {
    case 'app':
      return appMethod === 'pin' ? ['mfa', 'swk', 'pin'] : ['mfa', 'swk', 'fpt'];
    case 'code_display':
    case 'code_reader':
      return ['mfa', 'otp', 'hwk'];
    case 'chip':
      return ['mfa', 'hwk', 'pop'];
  }
}

/**
 * The minimum level an `acr_values` parameter asks for: the lowest listed level we understand
 * (acr_values lists acceptable levels, so the weakest of them is the floor). Unknown values are ignored.
 */
export function minimumLoa(acrValues: string | undefined): Loa {
  const levels = (acrValues ?? '')
    .split(' ')
    .map((value) => acrToLoa(value))
    .filter((loa): loa is Loa => loa !== undefined);
  if (levels.length === 0) return 'low';
  return levels.reduce((lowest, loa) => (LOA_LEVELS.indexOf(loa) < LOA_LEVELS.indexOf(lowest) ? loa : lowest));
}
