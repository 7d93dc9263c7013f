// The upstream hop's pooled HTTP client against a real HTTP server: Response shape, one kept-alive connection, fetch-like failures.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pooledUpstreamClient } from '../../src/upstream/http-client.ts';
import { freePort } from '../support/free-port.ts';

let server: http.Server;
let base: string;
let connections = 0;
const seen: { method: string; url: string; body: string; contentType?: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, body, contentType: req.headers['content-type'] });
      if (req.url === '/empty') return void res.writeHead(204).end();
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000);
      res.setHeader('content-type', 'application/json');
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.statusCode = req.url === '/bad' ? 400 : 200;
      res.end(JSON.stringify({ ok: req.url !== '/bad' }));
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const init = (extra: Partial<Parameters<ReturnType<typeof pooledUpstreamClient>['fetch']>[1]> = {}) =>
  ({ method: 'GET', headers: {}, body: undefined, redirect: 'manual', ...extra }) as Parameters<ReturnType<typeof pooledUpstreamClient>['fetch']>[1];

describe('pooled upstream HTTP client', () => {
  it('answers Responses with status, headers and body, and sends form bodies', async () => {
    const client = pooledUpstreamClient();
    const ok = await client.fetch(`${base}/token`, init({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ code: 'a b' }) }));
    expect(ok).toBeInstanceOf(Response);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(ok.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await ok.json()).toEqual({ ok: true });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/token', body: 'code=a+b', contentType: 'application/x-www-form-urlencoded' });
    const bad = await client.fetch(`${base}/bad`, init());
    expect([bad.status, await bad.json()]).toEqual([400, { ok: false }]);
    const empty = await client.fetch(`${base}/empty`, init());
    expect([empty.status, empty.body]).toEqual([204, null]);
    await client.close();
  });

  it('keeps its connections alive across sequential requests', async () => {
    const client = pooledUpstreamClient();
    const before = connections;
    for (let i = 0; i < 20; i += 1) await (await client.fetch(`${base}/jwks`, init())).json();
    // A socket just released may not be free yet when the next request is dispatched: at most a second one opens.
    expect(connections - before).toBeGreaterThanOrEqual(1);
    expect(connections - before).toBeLessThanOrEqual(2);
    await client.close();
  });

  it('fails as fetch does: a refused connection is a TypeError with the cause, a timeout its signal reason', async () => {
    const client = pooledUpstreamClient();
    const refused = await client.fetch(`http://127.0.0.1:${await freePort()}/`, init()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TypeError);
    expect(((refused as TypeError).cause as { code?: string }).code).toBe('ECONNREFUSED');
    const late = await client.fetch(`${base}/slow`, init({ signal: AbortSignal.timeout(100) })).catch((error: unknown) => error);
    expect((late as Error).name).toBe('TimeoutError');
    await client.close();
  });
});
