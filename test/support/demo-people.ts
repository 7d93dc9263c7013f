// The demo world's MitID test users and how to log in as each (means and PIN), for end-to-end tests.
import type { LoginSteps } from './simulator-driver.ts';

type Steps = Omit<LoginSteps, 'browser'>;

export const DEMO_LOGINS: Record<string, Steps> = {
  'jens.hansen': { userId: 'jens.hansen', means: 'app', pin: '1357' },
  'mette.larsen': { userId: 'mette.larsen', means: 'app' },
  'karen.holm': { userId: 'karen.holm', means: 'app' },
  'nr-jens': { userId: 'nr-jens', means: 'app', pin: '2468' },
  'sofie.berg': { userId: 'sofie.berg', means: 'app' },
};

/** What the chooser must offer each demo user (context keys, in page order); one entry means no chooser. */
export const EXPECTED_CONTEXTS: Record<string, string[]> = {
  'jens.hansen': ['private', 'professional:cvr:12345674'],
  'mette.larsen': ['private'],
  'karen.holm': ['private'],
  'sofie.berg': ['professional:cvr:29876541', 'professional:cvr:34567891'],
  'nr-jens': ['professional:cvr:34567891'],
};

/** Identifiers of the private identities, which must never appear in a professional context. */
export const PRIVATE_IDENTIFIERS = {
  'jens.hansen': { cpr: '1505801234', mitidUuid: '8292d8fe-43d2-4fba-a853-a22d2afd5e7e', birthdate: '1980-05-15' },
  'mette.larsen': { cpr: '2208921236', mitidUuid: 'a89d34ae-09fa-40c3-9e23-4147a99d9e76', birthdate: '1992-08-22' },
  'karen.holm': { cpr: '0303751238', mitidUuid: 'a247b521-abae-4b8c-8845-20afe01ec9c4', birthdate: '1975-03-03' },
} as const;

export const ALL_SCOPES = 'openid profile email mitid cpr professional privileges offline_access';
