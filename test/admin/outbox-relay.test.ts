// The outbox relay: messages written with a change reach the delivery queue once, also after a crash between hand-over and forgetting.
import { describe, expect, it } from 'vitest';
import { relayOutbox } from '../../src/admin/outbox-relay.ts';
import { createAdminService } from '../../src/admin/service.ts';
import { MemoryOutboxQueue } from '../../src/outbox/memory-source.ts';
import { demoDirectory } from '../directory/support.ts';
import { JENS_TOEMRER, TOEMRER } from './support.ts';

const JENS = { kind: 'business_user', uuid: JENS_TOEMRER } as const;
const person = { givenName: 'Ny', familyName: 'Person', email: 'ny@example.dk', birthDate: '1990-01-01' };

describe('outbox relay', () => {
  it("hands each change's messages to the delivery queue right after the change, and forgets them in the directory", async () => {
    const directory = await demoDirectory();
    const queue = new MemoryOutboxQueue();
    const service = createAdminService({ directory, publicUrl: 'https://kontekst.example', outbox: queue });
    const user = await service.createUser(JENS, TOEMRER, person);
    await service.issueActivation(JENS, TOEMRER, user.uuid as string);
    expect(await directory.outboxMessages(`org:${TOEMRER}`)).toEqual([]);
    const claimed = await queue.claim({ limit: 10, leaseMs: 1000 });
    expect(claimed.map((claim) => [claim.message.kind, claim.message.recipient])).toEqual([
      ['activation_link', { channel: 'email', address: person.email, name: 'Ny Person' }],
    ]);
    expect(JSON.stringify(claimed[0]!.message)).toMatch(/https:\/\/kontekst\.example\/activation\//);
  });

  it('relays again after a crash between hand-over and forgetting, and the queue keeps one copy', async () => {
    const directory = await demoDirectory();
    const service = createAdminService({ directory, publicUrl: 'https://kontekst.example' });
    const user = await service.createUser(JENS, TOEMRER, person);
    await service.issueActivation(JENS, TOEMRER, user.uuid as string);
    const queue = new MemoryOutboxQueue();
    const crashing = {
      enqueue: async (message: Parameters<typeof queue.enqueue>[0]) => {
        await queue.enqueue(message);
        throw new Error('crash after hand-over');
      },
    };
    await expect(relayOutbox(directory, crashing)).rejects.toThrow('crash');
    expect(await directory.outboxMessages(`org:${TOEMRER}`)).toHaveLength(1);
    expect(await relayOutbox(directory, queue)).toBe(1);
    expect(await relayOutbox(directory, queue)).toBe(0);
    expect(await queue.claim({ limit: 10, leaseMs: 1000 })).toHaveLength(1);
  });
});
