// Runs the MitID simulator alone (`npm run start:simulator`): configured from SIMULATOR_* variables, served at <public URL>/mitid-sim.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createLogger } from '../observability/logger.ts';
import { parseSimulatorEnv, simulatorClient } from './env.ts';
import { createSimulator, loadSimulatorIdentities, mountAtIssuerPath } from './index.ts';

async function main(): Promise<void> {
  const env = parseSimulatorEnv(process.env);
  const logger = createLogger({ level: env.LOG_LEVEL, name: 'mitid-simulator' });
  const publicUrl = env.SIMULATOR_PUBLIC_URL ?? `http://localhost:${env.SIMULATOR_PORT}`;
  const issuer = `${publicUrl}/mitid-sim`;
  const { app } = await createSimulator({
    issuer,
    identities: await loadSimulatorIdentities(env.WORLD_FILE),
    clients: [simulatorClient(env)],
    // Without configured keys, cookies of a restarted simulator simply stop matching: fine for a dev tool.
    cookieKeys: env.SIMULATOR_COOKIE_KEYS ?? [randomBytes(32).toString('base64url')],
    codeBlockSeconds: env.SIMULATOR_CODE_BLOCK_SECONDS,
    logger,
  });
  const server = http.createServer(mountAtIssuerPath(issuer, app).callback());
  server.listen(env.SIMULATOR_PORT, env.SIMULATOR_HOST, () => {
    logger.info({ issuer }, 'mitid simulator listening');
    process.stdout.write(`MitID simulator: ${issuer}  (discovery: ${issuer}/.well-known/openid-configuration)\n`);
  });
  const stop = (): void => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(1), 5000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
