// A tiny relying-party back-channel logout endpoint over real HTTP (port 0) that records every logout token POSTed to it.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedLogout {
  /** The path the token was POSTed to: one receiver can stand in for several clients (`uriFor(name)`). */
  path: string;
  contentType: string | undefined;
  logoutToken: string | undefined;
  /** Form fields other than logout_token (the spec sends none). */
  otherFields: string[];
  /** When it arrived (epoch ms), for latency figures. */
  at: number;
}

export interface BackchannelReceiver {
  /** The receiver's origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** A backchannel_logout_uri for one client: `<origin>/<name>/backchannel-logout`. */
  uriFor(name: string): string;
  received: ReceivedLogout[];
  /** The deliveries for one client (by the name given to `uriFor`). */
  for(name: string): ReceivedLogout[];
  /** Resolves once at least `count` deliveries arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedLogout[]>;
  clear(): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * oidc-provider refuses outgoing requests to special-use addresses (its SSRF guard), loopback included,
 * and it calls `globalThis.fetch` at request time. While a receiver runs, requests to this receiver's
 * origin (and nothing else) go without that guard, so the provider can deliver to a test endpoint.
 */
function allowDeliveriesTo(origin: string): () => void {
  const original = globalThis.fetch;
  const patched: typeof fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(`${origin}/`) && init && 'dispatcher' in init) {
      const { dispatcher: _guard, ...rest } = init as RequestInit & { dispatcher?: unknown };
      return original(input, rest);
    }
    return original(input, init);
  };
  globalThis.fetch = patched;
  return () => {
    if (globalThis.fetch === patched) globalThis.fetch = original;
  };
}

/**
 * @param status what the endpoint answers (200 by default; the spec allows 200 or 204, anything else is a failure).
 * @param failFirst answer 503 to this many deliveries first (a relying party that is down for a while); they are not recorded.
 */
export async function startBackchannelReceiver(options: { status?: number; failFirst?: number } = {}): Promise<BackchannelReceiver> {
  let failuresLeft = options.failFirst ?? 0;
  const received: ReceivedLogout[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];

  const server = createServer(async (request, response) => {
    if (request.method !== 'POST') {
      response.writeHead(405).end();
      return;
    }
    const body = new URLSearchParams(await readBody(request));
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      response.writeHead(503).end();
      return;
    }
    received.push({
      path: new URL(request.url ?? '/', 'http://receiver').pathname,
      contentType: request.headers['content-type'],
      logoutToken: body.get('logout_token') ?? undefined,
      otherFields: [...body.keys()].filter((key) => key !== 'logout_token'),
      at: Date.now(),
    });
    response.writeHead(options.status ?? 200, { 'cache-control': 'no-store' }).end();
    for (const waiter of waiters.filter((candidate) => received.length >= candidate.count)) waiter.resolve();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const restoreFetch = allowDeliveriesTo(origin);
  const pathFor = (name: string) => `/${encodeURIComponent(name)}/backchannel-logout`;

  return {
    origin,
    received,
    uriFor: (name) => `${origin}${pathFor(name)}`,
    for: (name) => received.filter((entry) => entry.path === pathFor(name)),
    waitFor(count, timeoutMs = 3000) {
      if (received.length >= count) return Promise.resolve([...received]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${count} logout token(s), got ${received.length}`)), timeoutMs);
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve([...received]);
          },
        });
      });
    },
    clear() {
      received.length = 0;
    },
    async close() {
      restoreFetch();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
