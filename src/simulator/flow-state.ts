// Per-interaction flow state (who, which means, the shown code) and per-user wrong-attempt counters, in a key-value store.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { MEANS, type Means } from '../domain/mitid.ts';
import type { KeyValueStore } from '../store/kv.ts';

const flowSchema = z.object({
  userUuid: z.uuid(),
  means: z.enum(MEANS).optional(),
  /** The one-time code the code display / code reader page shows; replaced after each wrong try. */
  code: z.string().regex(/^\d{6}$/).optional(),
});

export type Flow = z.infer<typeof flowSchema>;

/** Attempts before a means locks, as MitID does. */
export const MAX_WRONG_ATTEMPTS = 3;

export function newOneTimeCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export class FlowStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly ttlSeconds: number,
    private readonly lockSeconds: number,
  ) {}

  async get(uid: string): Promise<Flow | undefined> {
    const raw = await this.store.get(`mitid-sim:flow:${uid}`);
    if (raw === undefined) return undefined;
    const parsed = flowSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  }

  async save(uid: string, flow: Flow): Promise<void> {
    await this.store.set(`mitid-sim:flow:${uid}`, JSON.stringify(flowSchema.parse(flow)), this.ttlSeconds);
  }

  async end(uid: string): Promise<void> {
    await this.store.delete(`mitid-sim:flow:${uid}`);
  }

  async isLocked(userUuid: string, means: Means): Promise<boolean> {
    return (await this.store.get(lockKey(userUuid, means))) !== undefined;
  }

  /**
   * Counts one wrong code or PIN; the third locks the means of this user for lockSeconds.
   * Read-then-write is not atomic: two parallel wrong tries may count once. Good enough for a simulator.
   */
  async recordWrongAttempt(userUuid: string, means: Means): Promise<{ locked: boolean; attemptsLeft: number }> {
    const key = `mitid-sim:wrong:${userUuid}:${means}`;
    const count = Number((await this.store.get(key)) ?? '0') + 1;
    if (count >= MAX_WRONG_ATTEMPTS) {
      await this.store.set(lockKey(userUuid, means), '1', this.lockSeconds);
      await this.store.delete(key);
      return { locked: true, attemptsLeft: 0 };
    }
    await this.store.set(key, String(count), Math.max(this.ttlSeconds, this.lockSeconds));
    return { locked: false, attemptsLeft: MAX_WRONG_ATTEMPTS - count };
  }

  async clearWrongAttempts(userUuid: string, means: Means): Promise<void> {
    await this.store.delete(`mitid-sim:wrong:${userUuid}:${means}`);
  }

  /** Remembers which means a grant's login used, so ID token and userinfo can both carry `mitid.means`. */
  async rememberMeans(key: string, means: Means, ttlSeconds: number): Promise<void> {
    await this.store.set(`mitid-sim:means:${key}`, means, ttlSeconds);
  }

  async recallMeans(key: string): Promise<Means | undefined> {
    const raw = await this.store.get(`mitid-sim:means:${key}`);
    return MEANS.find((means) => means === raw);
  }
}

function lockKey(userUuid: string, means: Means): string {
  return `mitid-sim:locked:${userUuid}:${means}`;
}
