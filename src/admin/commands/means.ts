// Means commands: list a user's dedicated MitID user IDs and means; block one (final: a new means is issued instead).
import type { BusinessUserRecord } from '../../directory/records.ts';
import type { Means } from '../../domain/mitid.ts';
import {
  authorize,
  endSessions,
  loadOrganisation,
  loadUser,
  requireVersion,
  revocationFor,
  type AdminDeps,
  type Principal,
} from '../context.ts';
import { organisationScope } from '../../directory/repository.ts';
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
  // The user ID may be shared with business users of other organisations: their dedicated-MitID sessions end too,
  // named by the same stored revocation (it lives in this organisation's slot; the targets may be anywhere).
  const sharers = (await deps.directory.findBusinessUsersByDedicatedMitId(userId)).filter((user) => user.uuid !== uuid);
  const revocation = revocationFor(
    deps,
    [{ businessUserUuid: uuid, cvr }, ...sharers.map((user) => ({ businessUserUuid: user.uuid, cvr: user.cvr }))].map((target) => ({
      ...target,
      via: 'dedicated_mitid' as const,
    })),
  );
  const answer = await write(deps, actor, 'means.block', before, after, outbox, revocation);
  // MitID's side follows (a shared means is blocked everywhere because there is one user ID); then the sessions end.
  await deps.mitid
    .blockMeans({ mitidUuid: userId, means })
    .catch((error: unknown) => deps.logger?.warn({ err: error }, 'blocking the means at MitID failed'));
  return { ...answer, revocation: await endSessions(deps, { scope: organisationScope(cvr), revocation }) };
}
