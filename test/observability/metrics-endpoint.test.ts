// METRICS_PORT's listener: answers GET /metrics in Prometheus text, and nothing else.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Server } from 'node:http';
import { createMetricsServer } from '../../src/http/metrics-endpoint.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { listen } from '../support/kontekst.ts';

let server: Server;
let base: string;
const metrics = createMetrics({ processMetrics: false });

beforeAll(async () => {
  server = createMetricsServer(metrics);
  base = `http://127.0.0.1:${await listen(server)}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('serves the instance metrics at /metrics', async () => {
  metrics.loginRefused('cancelled');
  const response = await fetch(`${base}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(await response.text()).toContain('kontekst_logins_refused_total{reason="cancelled"} 1');
});

it('answers 404 for any other path or method', async () => {
  expect((await fetch(`${base}/`)).status).toBe(404);
  expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404);
});
