// Shared vocabulary of a MitID login: identification means, levels of assurance and the typed login the upstream returns.

/** Identification means (MitID "identifikationsmidler"). */
export const MEANS = ['app', 'code_display', 'code_reader', 'chip'] as const;
export type Means = (typeof MEANS)[number];

/** NSIS levels of assurance, ordered from weakest to strongest. */
export const LOA_LEVELS = ['low', 'substantial', 'high'] as const;
export type Loa = (typeof LOA_LEVELS)[number];

export const LOA_URI_PREFIX = 'https://data.gov.dk/concept/core/nsis/loa/';
const LOA_URI_NAMES: Record<Loa, string> = { low: 'Low', substantial: 'Substantial', high: 'High' };

export function loaToAcr(loa: Loa): string {
  return `${LOA_URI_PREFIX}${LOA_URI_NAMES[loa]}`;
}

export function acrToLoa(acr: string): Loa | undefined {
  if (!acr.startsWith(LOA_URI_PREFIX)) return undefined;
  const name = acr.slice(LOA_URI_PREFIX.length);
  return LOA_LEVELS.find((level) => LOA_URI_NAMES[level] === name);
}

export function loaAtLeast(reached: Loa, required: Loa): boolean {
  return LOA_LEVELS.indexOf(reached) >= LOA_LEVELS.indexOf(required);
}

/** The lowest level listed in acr_values: Kontekst treats acr_values as a minimum. */
export function requiredLoaOf(acrValues: string | undefined): Loa | undefined {
  const levels = (acrValues ?? '')
    .split(' ')
    .map(acrToLoa)
    .filter((loa): loa is Loa => loa !== undefined);
  return levels.sort((a, b) => (loaAtLeast(a, b) ? 1 : -1))[0];
}

/** Every acr value Kontekst and the simulator understand, weakest first. */
export const ACR_VALUES = LOA_LEVELS.map(loaToAcr);

/** Which credential authenticated: the `idp` claim. */
export type Idp = 'mitid' | 'mitid_erhverv';

interface LoginCommon {
  /** UUID of the MitID identity (global; for private identities this is `mitid.uuid`). */
  mitidUuid: string;
  means: Means;
  loa: Loa;
  /** RFC 8176 authentication method references. */
  amr: string[];
  /** Seconds since epoch. */
  authTime: number;
}

/** A person authenticated with their private MitID. */
export interface PrivateMitIdLogin extends LoginCommon {
  kind: 'private';
  person: {
    cpr: string;
    name: string;
    givenName: string;
    familyName: string;
    birthdate: string;
  };
}

/** A dedicated business MitID user ID (MitID Erhverv) authenticated; no CPR ever. */
export interface DedicatedMitIdLogin extends LoginCommon {
  kind: 'dedicated';
  business: {
    /** Persistent professional UUID of the business user the user ID belongs to. */
    professionalUuid: string;
    /** CVR of the organisation the user ID belongs to. */
    cvr: string;
    name: string;
  };
}

export type MitIdLogin = PrivateMitIdLogin | DedicatedMitIdLogin;

export function idpOf(login: Pick<MitIdLogin, 'kind'>): Idp {
  return login.kind === 'private' ? 'mitid' : 'mitid_erhverv';
}
