// Serves GET /metrics (Prometheus text format): as Koa middleware on the public app, or as a listener of its own.
import { createServer, type Server } from 'node:http';
import type { Middleware } from 'koa';
import type { Metrics } from '../observability/metrics.ts';

export const METRICS_PATH = '/metrics';

export function metricsMiddleware(metrics: Metrics): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== METRICS_PATH || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    const { contentType, body } = await metrics.render();
    ctx.set('Cache-Control', 'no-store');
    ctx.type = contentType;
    ctx.body = body;
  };
}

/** A listener that answers only GET /metrics (METRICS_PORT): scrapers reach it on a private interface. */
export function createMetricsServer(metrics: Metrics): Server {
  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://metrics').pathname;
    if (path !== METRICS_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: GET /metrics\n');
      return;
    }
    metrics.render().then(
      ({ contentType, body }) =>
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body),
      () => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n'),
    );
  });
}
