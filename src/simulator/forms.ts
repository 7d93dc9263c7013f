// zod schemas of every form the simulator pages post: strict, so a tampered or garbled form is refused as a whole.
import { z } from 'zod';
import { MEANS } from '../domain/mitid.ts';

const csrf = z.string().min(1).max(200);

export const loginForm = z.object({ csrf, userId: z.string().max(100) }).strict();

export const meansForm = z.object({ csrf, means: z.enum(MEANS) }).strict();

export const appForm = z.discriminatedUnion('method', [
  z.object({ csrf, method: z.literal('biometrics') }).strict(),
  z.object({ csrf, method: z.literal('pin'), pin: z.string().max(20) }).strict(),
]);

export const codeForm = z.object({ csrf, code: z.string().max(20) }).strict();

export const chipForm = z.object({ csrf, confirm: z.literal('yes') }).strict();

/** Cancel and "back to the service" carry nothing but the form token. */
export const tokenOnlyForm = z.object({ csrf }).strict();
