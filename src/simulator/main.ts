// Runs the MitID simulator alone (`npm run start:simulator`): configured from SIMULATOR_* variables, served at <public URL>/mitid-sim.
import http from 'node:http';
import { describeStartupError, EXIT_CONFIG, StartupError } from '../config/startup-error.ts';
import Koa from 'koa';
import mount from 'koa-mount';
import { createLogger } from '../observability/logger.ts';
import { parseSimulatorEnv } from './env.ts';
import { mountAtIssuerPath } from './index.ts';
import { createStandaloneSimulator } from './standalone.ts';

async function main(): Promise<void> {
  const env = parseSimulatorEnv(process.env);
  const logger = createLogger({ level: env.LOG_LEVEL, name: 'mitid-simulator' });
  const { issuer, app } = await createStandaloneSimulator(env, logger);
  const discovery = `${issuer}/.well-known/openid-configuration`;
  const root = withIssuerLanding(issuer, mountAtIssuerPath(issuer, app));
  // The outermost app decides how the request's protocol and host are read (its endpoints in discovery).
  root.proxy = env.SIMULATOR_TRUST_PROXY;
  const server = http.createServer(root.callback());
  server.listen(env.SIMULATOR_PORT, env.SIMULATOR_HOST, () => {
    logger.info({ issuer }, 'mitid simulator listening');
    process.stdout.write(
      `MitID simulator for client "${env.SIMULATOR_CLIENT_ID}" (${env.SIMULATOR_CLIENT_SECRET ? 'client_secret_basic' : 'private_key_jwt'})\n` +
        `  issuer (UPSTREAM_ISSUER): ${issuer}\n  discovery: ${discovery}\n`,
    );
  });
  const stop = (): void => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(1), 5000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/**
 * The issuer URL is what people copy from the start line and open: there is no page at the issuer itself (a
 * login starts at a client), so it leads to the discovery document instead of a 404.
 */
function withIssuerLanding(issuer: string, app: Koa): Koa {
  const base = new URL(issuer).pathname.replace(/\/+$/, '');
  const root = new Koa();
  root.proxy = app.proxy;
  root.use(async (ctx, next) => {
    if (ctx.method === 'GET' && (ctx.path === base || ctx.path === `${base}/`)) return ctx.redirect(`${base}/.well-known/openid-configuration`);
    await next();
  });
  root.use(mount(app));
  return root;
}

main().catch((err: unknown) => {
  if (err instanceof StartupError) {
    process.stderr.write(`${describeStartupError(err, 'The MitID simulator')}\n`);
    process.exit(EXIT_CONFIG);
  }
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
