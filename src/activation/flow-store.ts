// One person's activation in progress, kept server-side under a random handle in a cookie: the proof, the SMS check.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { MEANS } from '../domain/mitid.ts';
import type { KeyValueStore } from '../store/kv.ts';

export const ACTIVATION_COOKIE = 'kontekst.activation';
/** Long enough to fetch a code from the SMS and log in at MitID; the proof is personal data, so not longer. */
export const FLOW_TTL_SECONDS = 30 * 60;

const flowSchema = z.object({
  activationId: z.uuid(),
  csrf: z.string(),
  /** The proof as given (CPR from the private MitID login, or the code): the completing command checks it again. */
  proof: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('private_mitid'), cpr: z.string() }),
      z.object({ kind: z.literal('code'), code: z.string() }),
    ])
    .optional(),
  /** The private MitID the person logged in with: its app can take the new user ID too. */
  privateMitIdUuid: z.string().optional(),
  /** The setup wizard's answers between the form and the summary (setup link only). */
  setup: z
    .object({
      privateMitIdAllowed: z.boolean(),
      allowedMeans: z.array(z.enum(MEANS)),
      preferredMeans: z.enum(MEANS),
      sharedMeansAllowed: z.boolean(),
      email: z.string(),
      phone: z.string().optional(),
    })
    .optional(),
  sms: z
    .object({
      codeHash: z.string(),
      failedTries: z.number().int(),
      request: z.object({
        userId: z.string(),
        means: z.string(),
        mobile: z.string(),
        existingApp: z.boolean(),
        pin: z.string().optional(),
      }),
    })
    .optional(),
});
export type ActivationFlow = z.infer<typeof flowSchema>;

const handlePattern = /^[\w-]{20,64}$/;

export class ActivationFlows {
  constructor(private readonly kv: KeyValueStore) {}

  static newHandle(): string {
    return randomBytes(24).toString('base64url');
  }

  async get(handle: string | undefined): Promise<ActivationFlow | undefined> {
    if (!handle || !handlePattern.test(handle)) return undefined;
    const raw = await this.kv.get(key(handle));
    if (raw === undefined) return undefined;
    const parsed = flowSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  }

  async save(handle: string, flow: ActivationFlow): Promise<void> {
    await this.kv.set(key(handle), JSON.stringify(flow), FLOW_TTL_SECONDS);
  }

  async end(handle: string): Promise<void> {
    await this.kv.delete(key(handle));
  }
}

function key(handle: string): string {
  return `activation-flow:${handle}`;
}
