// Finds a holder's live sessions and grants through the adapters' holder index, ends them, and sends one logout token.
import pLimit from 'p-limit';
import type Provider from 'oidc-provider';
import type { AdapterPayload } from 'oidc-provider';
import type { HolderIndex } from '../adapters/adapter-model.ts';
import type { PendingDelivery } from './job.ts';
import { holderKeyOfTarget, targetCoversAccount, type RevocationTarget } from './targets.ts';

/** Records read at the same time while collecting a holder's sessions. */
const READ_CONCURRENCY = 100;

interface Authorization {
  sid?: string;
  grantId?: string;
}

interface StoredSession extends AdapterPayload {
  accountId?: string;
  authorizations?: Record<string, Authorization>;
}

interface BackchannelClient {
  backchannelLogout(accountId: string, sid: string): Promise<void>;
}

/** What one target has live right now, read before anything is changed. */
export interface FoundSessions {
  /** Each session with the clients whose part ends (all of them, or the target's onlyClient). */
  sessions: { id: string; payload: StoredSession; clientIds: string[]; whole: boolean }[];
  /** Grants to revoke: those of the ending session parts and the holder's grants outside any session (offline access). */
  grantIds: string[];
}

/**
 * One FoundSessions for several targets: a session named by two targets (the same user twice, or two of its
 * clients) ends once, with the union of the clients whose part ends; grants are revoked once.
 */
export function mergeFound(all: FoundSessions[]): FoundSessions {
  const sessions = new Map<string, FoundSessions['sessions'][number]>();
  for (const session of all.flatMap((found) => found.sessions)) {
    const seen = sessions.get(session.id);
    if (!seen) {
      sessions.set(session.id, session);
      continue;
    }
    const clientIds = [...new Set([...seen.clientIds, ...session.clientIds])];
    const whole = seen.whole || session.whole || clientIds.length === Object.keys(session.payload.authorizations ?? {}).length;
    sessions.set(session.id, { ...seen, clientIds, whole });
  }
  return { sessions: [...sessions.values()], grantIds: [...new Set(all.flatMap((found) => found.grantIds))] };
}

export class SessionEnder {
  constructor(
    private readonly provider: Provider,
    private readonly holders: HolderIndex,
  ) {}

  async find(target: RevocationTarget): Promise<FoundSessions> {
    const holderKey = holderKeyOfTarget(target);
    const indexed = await this.holders.recordsOf(holderKey);
    const found: FoundSessions = { sessions: [], grantIds: [] };
    const grantIds = new Set<string>();
    // Read together (auto-pipelined on Redis), a bounded number at a time.
    const limit = pLimit(READ_CONCURRENCY);
    const payloads = await Promise.all(
      indexed.sessions.map((id) => limit(async () => (await this.provider.Session.adapter.find(id)) as StoredSession | undefined)),
    );
    indexed.sessions.forEach((id, index) => {
      const payload = payloads[index];
      // The index is exact, but the record is re-read: it must still be this holder's session (and credential).
      if (!payload?.accountId || !targetCoversAccount(target, payload.accountId)) return;
      const all = Object.keys(payload.authorizations ?? {});
      const clientIds = target.onlyClient === undefined ? all : all.filter((clientId) => clientId === target.onlyClient);
      if (target.onlyClient !== undefined && clientIds.length === 0) return;
      for (const clientId of clientIds) {
        const grantId = payload.authorizations?.[clientId]?.grantId;
        if (grantId) grantIds.add(grantId);
      }
      found.sessions.push({ id, payload, clientIds, whole: clientIds.length === all.length });
    });
    const outside = indexed.grants.filter((grantId) => !grantIds.has(grantId));
    const grants = await Promise.all(outside.map((grantId) => limit(() => this.provider.Grant.adapter.find(grantId))));
    outside.forEach((grantId, index) => {
      const grant = grants[index];
      if (typeof grant?.['accountId'] !== 'string' || !targetCoversAccount(target, grant['accountId'])) return;
      if (target.onlyClient !== undefined && grant['clientId'] !== target.onlyClient) return;
      grantIds.add(grantId);
    });
    found.grantIds = [...grantIds];
    return found;
  }

  /** The logout tokens the found sessions owe: one per client with a backchannel_logout_uri, with that session's sid. */
  async deliveriesFor(found: FoundSessions, now: number): Promise<PendingDelivery[]> {
    const deliveries: PendingDelivery[] = [];
    for (const { payload, clientIds } of found.sessions) {
      for (const clientId of clientIds) {
        const sid = payload.authorizations?.[clientId]?.sid;
        if (!sid || !payload.accountId) continue;
        const client = await this.provider.Client.find(clientId);
        if (!client?.backchannelLogoutUri) continue;
        deliveries.push({ clientId, accountId: payload.accountId, sid, attempts: 0, nextAttemptAt: now });
      }
    }
    return deliveries;
  }

  /**
   * Ends what was found: tokens of every grant (access, refresh, codes: one grant-wide set), the grants, then
   * the sessions (or, for onlyClient, that client's part of each). Records are gone from shared storage,
   * so every process refuses them at once. Returns how many sessions ended.
   */
  async end(found: FoundSessions): Promise<number> {
    const limit = pLimit(READ_CONCURRENCY);
    await Promise.all(
      found.grantIds.map((grantId) =>
        limit(async () => {
          await this.provider.AccessToken.adapter.revokeByGrantId(grantId);
          await this.provider.Grant.adapter.destroy(grantId);
        }),
      ),
    );
    await Promise.all(
      found.sessions.map(({ id, payload, clientIds, whole }) =>
        limit(async () => {
          if (whole) {
            await this.provider.Session.adapter.destroy(id);
            return;
          }
          const authorizations = { ...payload.authorizations };
          for (const clientId of clientIds) delete authorizations[clientId];
          const remaining = typeof payload.exp === 'number' ? payload.exp - Math.floor(Date.now() / 1000) : undefined;
          if (remaining !== undefined && remaining <= 0) return;
          await this.provider.Session.adapter.upsert(id, { ...payload, authorizations }, remaining);
        }),
      ),
    );
    return found.sessions.length;
  }

  /**
   * Sends one logout token, built and signed by oidc-provider itself (as at logout): its sub is the
   * pairwise sub of the session's context for that client, with the session's sid, and nothing else.
   * Resolves false when the client no longer exists (nothing to deliver), throws when delivery failed.
   */
  async deliver(delivery: PendingDelivery): Promise<boolean> {
    const client = await this.provider.Client.find(delivery.clientId);
    if (!client?.backchannelLogoutUri) return false;
    // oidc-provider's own logout token builder; its type declarations do not list it.
    await (client as unknown as BackchannelClient).backchannelLogout(delivery.accountId, delivery.sid);
    return true;
  }
}
