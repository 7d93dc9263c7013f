// Means commands: list a user's dedicated MitID user IDs and means; block one (final: a new means is issued instead).
import type { BusinessUserRecord } from '../../directory/records.ts';
import type { Means } from '../../domain/mitid.ts';
import { authorize, endSessions, loadOrganisation, loadUser, requireVersion, type AdminDeps, type Principal } from '../context.ts';
import { AdminError } from '../errors.ts';
import { meansBlockedMessage, messages } from '../user-records.ts';
import { write } from './users.ts';

export async function listMeans(deps: AdminDeps, principal: Principal, cvr: string, uuid: string) {
  await authorize(deps, principal, 'means.list', cvr);
  const user = await loadUser(deps, cvr, uuid);
  return { dedicatedMitIds: user.dedicatedMitIds, sharedMitIds: user.sharedMitIds };
}

export async function blockMeans(
  deps: AdminDeps,
  principal: Principal,
  cvr: string,
  uuid: string,
  userId: string,
  means: Means,
  ifMatch?: number,
) {
  const actor = await authorize(deps, principal, 'means.block', cvr);
  const before = await loadUser(deps, cvr, uuid);
  requireVersion(before, ifMatch);
  const target = before.dedicatedMitIds.find((mitid) => mitid.userId === userId)?.means.find((item) => item.type === means);
  if (!target) throw new AdminError('not_found', 'no such means');
  if (target.state === 'blocked') throw new AdminError('invalid_transition', 'the means is already blocked');
  const { version: _version, ...rest } = before;
  const after: Omit<BusinessUserRecord, 'version'> = {
    ...rest,
    dedicatedMitIds: before.dedicatedMitIds.map((mitid) =>
      mitid.userId !== userId
        ? mitid
        : { ...mitid, means: mitid.means.map((item) => (item.type === means ? { ...item, state: 'blocked' as const } : item)) },
    ),
    updatedAt: deps.now().toISOString(),
  };
  const outbox = messages(meansBlockedMessage(deps, await loadOrganisation(deps, cvr), before, means));
  const answer = await write(deps, actor, 'means.block', before, after, outbox);
  // MitID's side follows (a shared means is blocked everywhere because there is one user ID); then the sessions end.
  await deps.mitid
    .blockMeans({ mitidUuid: userId, means })
    .catch((error: unknown) => deps.logger?.warn({ err: error }, 'blocking the means at MitID failed'));
  await endSessions(deps, [{ businessUserUuid: uuid, cvr, via: 'dedicated_mitid' }]);
  return answer;
}
