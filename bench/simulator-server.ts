// The MitID simulator as its own process, built as src/simulator/main.ts builds it, plus the benchmark's /__bench probe routes.
import { createServer } from 'node:http';
import Koa from 'koa';
import mount from 'koa-mount';
import { createLogger } from '../src/observability/logger.ts';
import { parseSimulatorEnv } from '../src/simulator/env.ts';
import { createStandaloneSimulator } from '../src/simulator/standalone.ts';
import { benchProbeRouter } from './probe.ts';

const env = parseSimulatorEnv(process.env);
const logger = createLogger({ level: env.LOG_LEVEL, name: 'mitid-simulator' });
// Its own in-memory stores, as the standalone runner has: the upstream broker's storage is not Kontekst's.
const { issuer, app } = await createStandaloneSimulator(env, logger);
const root = new Koa();
// The probe sits beside the simulator (not under its path) so the CPU and memory routes read the same as Kontekst's.
root.use(benchProbeRouter({}).routes());
root.use(mount(new URL(issuer).pathname, app));
const server = createServer(root.callback());
server.keepAliveTimeout = 65_000;
server.listen(env.SIMULATOR_PORT, env.SIMULATOR_HOST, () => process.stdout.write(`listening ${env.SIMULATOR_PORT}\n`));
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
