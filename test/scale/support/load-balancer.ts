// A tiny HTTP load balancer for the scale tests: one public URL in front of several Kontekst processes, routed on command.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Which backend takes the next requests: a named one, or each request to the next backend in turn. */
export type Route = string | 'alternate';

export interface LoadBalancer {
  url: string;
  port: number;
  /** Routes every following request (browser and server-to-server alike) to this backend or in turn. */
  route(to: Route): void;
  /** Requests each backend answered since the last reset, e.g. { a: 7, b: 9 }. */
  hits(): Record<string, number>;
  resetHits(): void;
  close(): Promise<void>;
}

/**
 * Starts the balancer on a free port; backends are added with their name and port once they listen.
 * Proxying keeps the Host header, so every process sees the one public URL (their shared issuer).
 */
export async function startLoadBalancer(): Promise<LoadBalancer & { addBackend(name: string, port: number): void }> {
  const backends = new Map<string, number>();
  let route: Route = 'alternate';
  let turn = 0;
  let hits: Record<string, number> = {};

  function pick(): [string, number] {
    const names = [...backends.keys()];
    if (names.length === 0) throw new Error('no backends');
    const name = route === 'alternate' ? names[turn++ % names.length]! : route;
    const port = backends.get(name);
    if (port === undefined) throw new Error(`no backend named ${name}`);
    return [name, port];
  }

  function forward(incoming: IncomingMessage, outgoing: ServerResponse): void {
    let target: [string, number];
    try {
      target = pick();
    } catch {
      outgoing.writeHead(502).end();
      return;
    }
    const [name, port] = target;
    hits[name] = (hits[name] ?? 0) + 1;
    const upstream = httpRequest(
      { host: '127.0.0.1', port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.rawHeaders);
        response.pipe(outgoing);
      },
    );
    upstream.on('error', () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(upstream);
  }

  const server: Server = createServer(forward);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    addBackend: (name, backendPort) => void backends.set(name, backendPort),
    route: (to) => {
      route = to;
    },
    hits: () => ({ ...hits }),
    resetHits: () => {
      hits = {};
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
