// Page flows kept server-side under a random handle in a cookie; here the activation's: the proof, the setup answers, the SMS check.
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

/** A page flow's state under a random handle, validated on every read; it lives FLOW_TTL_SECONDS. */
export class KvFlows<T> {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly prefix: string,
    private readonly schema: z.ZodType<T>,
  ) {}

  static newHandle(): string {
    return randomBytes(24).toString('base64url');
  }

  async get(handle: string | undefined): Promise<T | undefined> {
    if (!handle || !handlePattern.test(handle)) return undefined;
    const raw = await this.kv.get(this.prefix + handle);
    if (raw === undefined) return undefined;
    const parsed = this.schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  }

  async save(handle: string, flow: T): Promise<void> {
    await this.kv.set(this.prefix + handle, JSON.stringify(flow), FLOW_TTL_SECONDS);
  }

  async end(handle: string): Promise<void> {
    await this.kv.delete(this.prefix + handle);
  }
}

export class ActivationFlows extends KvFlows<ActivationFlow> {
  constructor(kv: KeyValueStore) {
    super(kv, 'activation-flow:', flowSchema as z.ZodType<ActivationFlow>);
  }
}
