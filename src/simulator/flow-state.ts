// Per-interaction flow state (who, which means, the shown code) and the means a login used, in a key-value store.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { MEANS, type Means } from '../domain/mitid.ts';
import type { KeyValueStore } from '../store/kv.ts';

const flowSchema = z.object({
  userUuid: z.uuid(),
  means: z.enum(MEANS).optional(),
  /** The one-time code the code display / code reader page shows; replaced after each wrong try. */
  code: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});

export type Flow = z.infer<typeof flowSchema>;

export function newOneTimeCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export class FlowStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly ttlSeconds: number,
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

  /** Remembers which means a grant's login used, so ID token and userinfo can both carry `mitid.means`. */
  async rememberMeans(key: string, means: Means, ttlSeconds: number): Promise<void> {
    await this.store.set(`mitid-sim:means:${key}`, means, ttlSeconds);
  }

  async recallMeans(key: string): Promise<Means | undefined> {
    const raw = await this.store.get(`mitid-sim:means:${key}`);
    return MEANS.find((means) => means === raw);
  }
}
