// Moves the outbox messages each change wrote (atomically, in its organisation's slot) into the delivery queue: at least once.
import type { DirectoryRepository, DirectoryScope } from '../directory/repository.ts';
import type { OutboxTransport } from './ports.ts';

/**
 * Each message is handed to the queue, then forgotten here. A crash in between hands it over again on the next run;
 * the queue keeps one copy per message id, so nothing is lost and nothing is sent twice by the relay itself.
 */
export async function relayOutbox(
  directory: DirectoryRepository,
  queue: OutboxTransport,
  scopes?: readonly DirectoryScope[],
): Promise<number> {
  let relayed = 0;
  for (const scope of scopes ?? (await directory.auditScopes())) {
    const pending = await directory.outboxMessages(scope);
    for (const message of pending) await queue.enqueue(message);
    await directory.acknowledgeOutbox(
      scope,
      pending.map((message) => message.id),
    );
    relayed += pending.length;
  }
  return relayed;
}
