// Several targets naming the same session: it ends once, with the union of the clients whose part ends.
import { describe, expect, it } from 'vitest';
import { mergeFound, type FoundSessions } from '../../src/oidc/revocation/session-ender.ts';

const payload = {
  jti: 's1',
  accountId: 'professional.mitid.x',
  authorizations: { a: { sid: '1', grantId: 'ga' }, b: { sid: '2', grantId: 'gb' } },
};
const part = (clientIds: string[], grantIds: string[]): FoundSessions => ({
  sessions: [{ id: 's1', payload, clientIds, whole: clientIds.length === 2 }],
  grantIds,
});

describe('mergeFound', () => {
  it('unites two parts of one session into the whole session', () => {
    expect(mergeFound([part(['a'], ['ga']), part(['b'], ['gb'])])).toEqual({
      sessions: [{ id: 's1', payload, clientIds: ['a', 'b'], whole: true }],
      grantIds: ['ga', 'gb'],
    });
  });

  it('keeps one part a part, and the whole session whole', () => {
    expect(mergeFound([part(['a'], ['ga']), part(['a'], ['ga'])]).sessions).toEqual([
      { id: 's1', payload, clientIds: ['a'], whole: false },
    ]);
    expect(mergeFound([part(['a'], ['ga']), part(['a', 'b'], ['ga', 'gb'])])).toEqual({
      sessions: [{ id: 's1', payload, clientIds: ['a', 'b'], whole: true }],
      grantIds: ['ga', 'gb'],
    });
  });
});
