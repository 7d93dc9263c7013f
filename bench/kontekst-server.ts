// Kontekst exactly as src/main.ts builds it from the environment, plus the benchmark's /__bench probe routes.
import { createServer } from 'node:http';
import { buildKontekst } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config/index.ts';
import { createLogger } from '../src/observability/logger.ts';
import { createStorage } from '../src/bootstrap-storage.ts';
import { benchProbeRouter } from './probe.ts';
import { BENCH_CLIENT } from './clients.ts';

const config = loadConfig(process.env);
const logger = createLogger({ level: config.logLevel });
// The storage is created here only so the probe can count on the very client Kontekst uses.
const storage = createStorage(config, { logger: logger.child({ part: 'storage' }) });
const probe = benchProbeRouter(storage);
const kontekst = await buildKontekst(config, logger, { extraClients: [BENCH_CLIENT], storage, extraRouters: () => [probe] });
const server = createServer(kontekst.app.callback());
server.keepAliveTimeout = 65_000;
server.listen(config.port, config.host, () => process.stdout.write(`listening ${config.port}\n`));
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void kontekst.close().finally(() => process.exit(0));
});
