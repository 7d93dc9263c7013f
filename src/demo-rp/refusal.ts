// What the demo RP tells a person when Kontekst answers its login with an OIDC error: a sentence, not a code.
import { CONSENT_DENIED_DESCRIPTION, PERSON_CANCELLED_DESCRIPTION } from '../journey/errors.ts';
import { descriptionFor } from '../upstream/errors.ts';
import type { DemoMessageKey } from './messages.ts';

export interface RefusalText {
  /** The page's heading: a person who cancelled did not "fail". */
  heading: DemoMessageKey;
  sentence: DemoMessageKey;
}

/** Descriptions meaning the person ended the login: at Kontekst, at MitID, or at a plain oidc-provider. */
const CANCELLED = new Set([PERSON_CANCELLED_DESCRIPTION, descriptionFor('cancelled'), 'End-User aborted interaction']);

const BY_ERROR: Record<string, DemoMessageKey> = {
  access_denied: 'refusal.access_denied',
  unmet_authentication_requirements: 'refusal.unmet',
  temporarily_unavailable: 'refusal.unavailable',
  server_error: 'refusal.server',
  login_required: 'refusal.login_again',
  interaction_required: 'refusal.login_again',
  consent_required: 'refusal.login_again',
  account_selection_required: 'refusal.login_again',
};

/** The heading and sentence for an OIDC error (error_description stays on the page as technical detail). */
export function refusalText(error: string, description: string | undefined): RefusalText {
  if (error === 'access_denied' && description !== undefined && CANCELLED.has(description)) {
    return { heading: 'refusal.cancelled.title', sentence: 'refusal.cancelled' };
  }
  if (error === 'access_denied' && description === CONSENT_DENIED_DESCRIPTION) {
    return { heading: 'refusal.cancelled.title', sentence: 'refusal.consent_denied' };
  }
  // Any other code (invalid_request, invalid_scope, unauthorized_client, …) is the service's own mistake.
  return { heading: 'error.title', sentence: BY_ERROR[error] ?? 'refusal.request' };
}
