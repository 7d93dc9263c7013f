// The simulator as a program of its own builds it: from SIMULATOR_* settings, with its own in-memory stores.
import { randomBytes } from 'node:crypto';
import type Koa from 'koa';
import type { Logger } from '../observability/logger.ts';
import { simulatorClient, type SimulatorEnv } from './env.ts';
import { createSimulator, loadSimulatorIdentities } from './index.ts';

export async function createStandaloneSimulator(env: SimulatorEnv, logger: Logger): Promise<{ issuer: string; app: Koa }> {
  const issuer = `${env.SIMULATOR_PUBLIC_URL ?? `http://localhost:${env.SIMULATOR_PORT}`}/mitid-sim`;
  const { app } = await createSimulator({
    issuer,
    identities: await loadSimulatorIdentities(env.WORLD_FILE),
    clients: [simulatorClient(env)],
    // Without configured keys, cookies of a restarted simulator simply stop matching: fine for a dev tool.
    cookieKeys: env.SIMULATOR_COOKIE_KEYS ?? [randomBytes(32).toString('base64url')],
    codeBlockSeconds: env.SIMULATOR_CODE_BLOCK_SECONDS,
    logger,
  });
  return { issuer, app };
}
