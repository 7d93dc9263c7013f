// Composition root: the only reader of process.env. Builds Kontekst, listens, and shuts down gracefully.
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { loadConfig, type Config } from './config/index.ts';
import { buildKontekst } from './bootstrap.ts';
import { createLogger } from './observability/logger.ts';
import { demoRelyingParty } from './demo-rp/index.ts';
import { issueInitialAccessToken } from './oidc/registration.ts';
import { createMetrics } from './observability/metrics.ts';
import { createMetricsServer } from './http/metrics-endpoint.ts';
import { startupFailure, type ListenerSettings } from './startup-failure.ts';

/** Says why the process cannot start and exits (78 for what the operator must fix, 1 otherwise). */
function stop(error: unknown, listener: ListenerSettings = {}): never {
  const failure = startupFailure(error, listener);
  console.error(failure.message);
  process.exit(failure.exitCode);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    stop(error);
  }
  const settings = config;
  const logger = createLogger({ level: config.logLevel });
  const demo = config.demoRp.enabled ? await demoRelyingParty(config) : undefined;
  const kontekst = await buildKontekst(config, logger, {
    metrics: createMetrics({ processMetrics: true }),
    extraClients: demo ? [demo.client] : [],
    extraRouters: () => (demo ? [demo.router] : []),
  }).catch((error: unknown) => stop(error, settings));

  // In-memory storage lives in this process only, so no CLI can hand out an initial access token for
  // dynamic registration: issue one at start in development and leave it in a file (tokens are never printed).
  let registrationTokenFile: string | undefined;
  if (!config.production && kontekst.storage.kind === 'memory') {
    const { token } = await issueInitialAccessToken(kontekst.provider);
    registrationTokenFile = join(config.keysDir, 'dev-initial-access-token.txt');
    await writeFile(registrationTokenFile, `${token}\n`, { mode: 0o600 });
  }

  const server = createServer(kontekst.app.callback());
  server.keepAliveTimeout = 65_000; // longer than typical load balancer idle timeouts
  // A busy port or a foreign address is the operator's to fix: one sentence and exit 78, not a stack trace.
  server.once('error', (error) => stop(error, settings));
  server.listen(config.port, config.host, () => {
    logger.info({ url: config.publicUrl, storage: kontekst.storage.kind, simulator: config.simulator.enabled }, 'Kontekst is listening');
    if (!config.production) {
      const open = demo ? `${config.publicUrl}/demo-rp` : config.publicUrl;
      process.stdout.write(`\n  Kontekst is running. Open ${open}\n`);
      if (registrationTokenFile) {
        process.stdout.write(`  Dynamic client registration: POST ${config.issuer}/reg with the initial access token in ${registrationTokenFile}\n`);
      }
      process.stdout.write('\n');
    }
  });

  const metricsServer = config.metrics.port === undefined ? undefined : createMetricsServer(kontekst.metrics);
  metricsServer?.once('error', (error) =>
    stop(error, { port: settings.metrics.port, host: settings.metrics.host, keys: { port: 'METRICS_PORT', host: 'METRICS_HOST' } }),
  );
  metricsServer?.listen(config.metrics.port, config.metrics.host, () => {
    logger.info({ url: `http://${config.metrics.host}:${config.metrics.port}/metrics` }, 'metrics are served');
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    metricsServer?.close();
    server.close(async () => {
      await kontekst.close();
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => stop(error));
