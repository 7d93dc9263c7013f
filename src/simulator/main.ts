// Runs the MitID simulator alone (`npm run start:simulator`): configured from SIMULATOR_* variables, served at <public URL>/mitid-sim.
import http from 'node:http';
import { describeStartupError, EXIT_CONFIG, StartupError } from '../config/startup-error.ts';
import { createLogger } from '../observability/logger.ts';
import { parseSimulatorEnv } from './env.ts';
import { mountAtIssuerPath } from './index.ts';
import { createStandaloneSimulator } from './standalone.ts';

async function main(): Promise<void> {
  const env = parseSimulatorEnv(process.env);
  const logger = createLogger({ level: env.LOG_LEVEL, name: 'mitid-simulator' });
  const { issuer, app } = await createStandaloneSimulator(env, logger);
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
  if (err instanceof StartupError) {
    process.stderr.write(`${describeStartupError(err, 'The MitID simulator')}\n`);
    process.exit(EXIT_CONFIG);
  }
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
