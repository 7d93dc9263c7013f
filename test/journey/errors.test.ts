// classifyJourneyError: which failures become which page; outages by type only (see storage-outage.test.ts).
import { errors as oidcErrors } from 'oidc-provider';
import { describe, expect, it } from 'vitest';
import { classifyJourneyError, isStorageOutage, JourneyError } from '../../src/journey/errors.ts';
import { storageUnavailable } from '../../src/oidc/adapters/adapter-model.ts';
import { StoreUnavailableError } from '../../src/store/errors.ts';

describe('classifyJourneyError', () => {
  it('keeps a JourneyError\'s own code', () => {
    expect(classifyJourneyError(new JourneyError('forged', 'csrf'))).toBe('forged');
    expect(classifyJourneyError(new JourneyError('expired'))).toBe('expired');
  });

  it('an outage from the key-value store, the directory or the adapters is unavailable (503), before session-not-found', () => {
    expect(classifyJourneyError(new StoreUnavailableError(new Error('down')))).toBe('unavailable');
    expect(classifyJourneyError(storageUnavailable(new Error('down')))).toBe('unavailable');
    expect(classifyJourneyError(new oidcErrors.TemporarilyUnavailable('busy'))).toBe('unavailable');
  });

  it('a missing interaction is expired', () => {
    expect(classifyJourneyError(new oidcErrors.SessionNotFound('interaction session id cookie not found'))).toBe('expired');
  });

  it('the body parser\'s refusals: 413 is too_large, other exposed 4xx bad_request', () => {
    expect(classifyJourneyError(Object.assign(new Error('too big'), { status: 413, expose: true }))).toBe('too_large');
    expect(classifyJourneyError(Object.assign(new Error('bad'), { status: 400, expose: true }))).toBe('bad_request');
  });

  it('a raw error is a bug, not an outage, whatever its message says', () => {
    for (const message of ['Connection is closed.', 'connect ECONNREFUSED 127.0.0.1:6379', 'Command timed out']) {
      expect(isStorageOutage(new Error(message)), message).toBe(false);
      expect(classifyJourneyError(new Error(message)), message).toBeUndefined();
    }
  });
});
