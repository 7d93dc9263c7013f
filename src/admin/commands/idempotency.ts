// Idempotency-Key on creates: a retried create answers what the first one answered; the key with another body is refused.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../directory/audit-chain.ts';
import type { DirectoryChange, DirectoryScope } from '../../directory/repository.ts';
import { VersionConflictError } from '../../directory/repository.ts';
import type { AdminDeps, Principal } from '../context.ts';
import { AdminError } from '../errors.ts';

interface Remembered {
  request: string;
  answer: unknown;
}

type Remember = (answer: unknown) => Pick<DirectoryChange, 'idempotency'>;

/**
 * Runs a create once per key. The first answer is written in the same atomic step as the change (without any
 * one-time secret such as an activation code), so a retry after a lost response finds it; two racing creates
 * with the same key collide on that record and the loser answers what the winner stored.
 */
export async function idempotent<T>(
  deps: AdminDeps,
  principal: Principal,
  scope: DirectoryScope,
  command: string,
  input: unknown,
  key: string | undefined,
  run: (remember: Remember) => Promise<T>,
): Promise<T> {
  if (key === undefined) return run(() => ({}));
  const id = createHash('sha256')
    .update(`${principalKey(principal)}\u0000${command}\u0000${key}`)
    .digest('base64url');
  const request = createHash('sha256').update(canonicalJson(input)).digest('base64url');
  const replay = async (): Promise<T | undefined> => {
    const stored = (await deps.directory.idempotentAnswer(scope, id)) as Remembered | undefined;
    if (stored === undefined) return undefined;
    if (stored.request !== request) throw new AdminError('idempotency_key_reused', 'this Idempotency-Key was used for another request');
    return stored.answer as T;
  };
  const earlier = await replay();
  if (earlier !== undefined) return earlier;
  try {
    return await run((answer) => ({ idempotency: { key: id, answer: { request, answer } satisfies Remembered } }));
  } catch (error) {
    // Whatever refused this run (a version conflict, "already exists"), a racing twin with the same key may have won.
    const raced = error instanceof AdminError || error instanceof VersionConflictError ? await replay() : undefined;
    if (raced !== undefined) return raced;
    throw error instanceof VersionConflictError ? new AdminError('precondition_failed', 'try again') : error;
  }
}

/** Who sent a key: keys are per client, so two clients' keys never meet. */
export function principalKey(principal: Principal): string {
  return principal.kind === 'operator' ? `operator:${principal.clientId}` : `user:${principal.uuid}`;
}
