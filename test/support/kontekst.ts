// Starts a whole Kontekst (with its simulator) on a free port over real HTTP, for end-to-end tests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from '../../src/config/index.ts';
import { buildKontekst, type BuildOptions, type Kontekst } from '../../src/bootstrap.ts';
import { createLogger, silentLogger, type Logger } from '../../src/observability/logger.ts';
import { SHARED_TEST_KEYS } from './keys-dir.ts';
import { testOutboxDir } from './outbox-dir.ts';

export interface RunningKontekst {
  url: string;
  config: Config;
  kontekst: Kontekst;
  server: Server;
  close(): Promise<void>;
}

export async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

export async function startKontekst(
  options: {
    env?: Record<string, string>;
    /** Build options, or a function of the final config (for parts that need the URL, like the demo RP). */
    build?: BuildOptions | ((config: Config) => Promise<BuildOptions>);
    logger?: Logger;
  } = {},
): Promise<RunningKontekst> {
  const server = createServer();
  const port = await listen(server);
  const url = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    PUBLIC_URL: url,
    // Generating RSA keys costs time; every test server shares the set made by the global setup.
    KEYS_DIR: SHARED_TEST_KEYS,
    LOG_LEVEL: 'silent',
    CLIENTS_DIR: 'config/clients',
    // Every test login comes from 127.0.0.1; the rate-limit tests set their own limits.
    RATE_LIMIT_LOGINS_PER_IP: '100000/60',
    // The delivery worker runs in every Kontekst: its development e-mails go to a throwaway directory, not the worktree.
    OUTBOX_DIR: testOutboxDir(),
    ...options.env,
  });
  // TEST_LOG=debug shows the server's log while debugging a test.
  const logger = options.logger ?? (process.env['TEST_LOG'] ? createLogger({ level: process.env['TEST_LOG'] }) : silentLogger());
  const build = typeof options.build === 'function' ? await options.build(config) : options.build;
  const kontekst = await buildKontekst(config, logger, build);
  server.on('request', kontekst.app.callback());
  return {
    url,
    config,
    kontekst,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await kontekst.close();
    },
  };
}
