// The admin port's mapping (via → idp) and what it does before this process's revocation service exists.
import { describe, expect, it } from 'vitest';
import { adminSessionTerminator, revocationTargetOf } from '../../src/oidc/revocation/admin-port.ts';
import { MemoryRevocationQueue } from '../../src/oidc/revocation/memory-queue.ts';

const UUID = 'dd4ae5da-30aa-48d4-b816-e6275e03d22d';

describe('admin SessionTerminator port', () => {
  it('maps the kind of login to the credential of the account', () => {
    expect(revocationTargetOf({ businessUserUuid: UUID, cvr: '34567891' })).toEqual({ type: 'professional', businessUserUuid: UUID });
    expect(revocationTargetOf({ businessUserUuid: UUID, cvr: '34567891', via: 'private_mitid' })).toEqual({
      type: 'professional',
      businessUserUuid: UUID,
      idp: 'mitid',
    });
    expect(revocationTargetOf({ businessUserUuid: UUID, cvr: '34567891', via: 'dedicated_mitid' })).toEqual({
      type: 'professional',
      businessUserUuid: UUID,
      idp: 'mitid_erhverv',
    });
  });

  it('before the revocation service exists, stores the job for the workers (nothing is lost), due at once', async () => {
    const queue = new MemoryRevocationQueue();
    const port = adminSessionTerminator(queue, () => undefined);
    expect(await port.endSessionsFor([{ businessUserUuid: UUID, cvr: '34567891' }])).toEqual({
      sessionsEnded: 0,
      relyingPartiesNotified: 0,
    });
    expect((await queue.claim(1_000))?.targets).toEqual([{ type: 'professional', businessUserUuid: UUID }]);
  });

  it('refuses a target that is not a business user UUID before storing anything', async () => {
    const queue = new MemoryRevocationQueue();
    await expect(adminSessionTerminator(queue, () => undefined).endSessionsFor([{ businessUserUuid: 'x', cvr: '1' }])).rejects.toThrow();
    expect(await queue.size()).toBe(0);
  });
});
