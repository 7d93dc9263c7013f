// Throwaway redis-server processes for tests: a single server on a free port, or a small local Redis Cluster.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export interface RedisServerHandle {
  port: number;
  url: string;
  /** Stops the server (SIGTERM) and waits until it exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: no persistence); resolves when it answers. */
  restart(): Promise<void>;
}

export interface RedisClusterHandle {
  nodes: { host: string; port: number }[];
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();

/** Stops what is still running and removes every temp dir of this test file (called after each file). */
export async function removeRedisTempDirs(): Promise<void> {
  for (const child of live) child.kill('SIGKILL');
  removeDirs([...tempDirs]);
}

/** Removes a server's temp dir once it is stopped (the exit hook is only the fallback: test workers may be killed). */
function removeDirs(dirs: string[]): void {
  for (const dir of dirs) {
    rmSync(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
  }
}

// A test run that dies or forgets stop() must not leave redis-servers behind.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A simple reply ends at its first CRLF; a bulk reply ($<length>) once its whole body arrived. */
function replyComplete(reply: string): boolean {
  const headerEnd = reply.indexOf('\r\n');
  if (headerEnd === -1) return false;
  if (!reply.startsWith('$')) return true;
  const length = Number(reply.slice(1, headerEnd));
  return length < 0 || Buffer.byteLength(reply, 'utf8') >= headerEnd + 2 + length + 2;
}

/** Sends one inline command over a raw socket and returns the reply text; undefined if nothing answers. */
async function rawCommand(port: number, command: string, timeoutMs = 500): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let reply = '';
    const finish = (value: string | undefined) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () => finish(undefined));
    socket.on('error', () => finish(undefined));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (replyComplete(reply)) finish(reply);
    });
    socket.connect(port, HOST, () => socket.write(`${command}\r\n`));
  });
}

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

interface SpawnedServer {
  child: ChildProcess;
  exited: Promise<void>;
}

function spawnServer(port: number, dir: string, extraArgs: string[], configFile?: string): SpawnedServer {
  const args = [
    ...(configFile ? [configFile] : []),
    '--port',
    String(port),
    '--bind',
    HOST,
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'no',
    '--protected-mode',
    'no',
    '--daemonize',
    'no',
    '--loglevel',
    'warning',
    '--logfile',
    '',
    ...extraArgs,
  ];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(child);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      live.delete(child);
      resolve();
    });
  });
  return { child, exited };
}

async function stopServer(server: SpawnedServer | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  const killer = setTimeout(() => server.child.kill('SIGKILL'), 3000);
  await server.exited;
  clearTimeout(killer);
}

async function startNode(port: number, dir: string, extraArgs: string[], configFile?: string): Promise<SpawnedServer> {
  const server = spawnServer(port, dir, extraArgs, configFile);
  let stderr = '';
  server.child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  try {
    await waitUntil(async () => {
      if (server.child.exitCode !== null) throw new Error(`redis-server exited: ${stderr.trim()}`);
      return (await rawCommand(port, 'PING')) === '+PONG\r\n';
    }, `redis-server on port ${port}`);
  } catch (error) {
    await stopServer(server);
    throw error;
  }
  return server;
}

/** Starts a single throwaway redis-server (no persistence, own temp dir) on a free port. */
export async function startRedisServer(opts: { extraArgs?: string[] } = {}): Promise<RedisServerHandle> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kontekst-redis-'));
  tempDirs.add(dir);
  const extraArgs = opts.extraArgs ?? [];
  let server: SpawnedServer | undefined = await startNode(port, dir, extraArgs);
  return {
    port,
    url: `redis://${HOST}:${port}`,
    // The dir stays until the test file ends (removeRedisTempDirs): restart() needs its data.
    async stop() {
      await stopServer(server);
      server = undefined;
    },
    async restart() {
      await stopServer(server);
      server = await startNode(port, dir, extraArgs);
    },
  };
}

/** Starts `primaries` cluster-enabled nodes, joins them into a Cluster without replicas, waits for cluster_state:ok. */
export async function startRedisCluster(opts: { primaries?: number } = {}): Promise<RedisClusterHandle> {
  const primaries = opts.primaries ?? 3;
  const servers: SpawnedServer[] = [];
  const dirs: string[] = [];
  const nodes: { host: string; port: number }[] = [];
  try {
    for (let index = 0; index < primaries; index += 1) {
      const port = await freePort();
      const dir = mkdtempSync(join(tmpdir(), 'kontekst-redis-cluster-'));
      tempDirs.add(dir);
      dirs.push(dir);
      servers.push(
        await startNode(port, dir, ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000']),
      );
      nodes.push({ host: HOST, port });
    }
    const created = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...nodes.map((node) => `${node.host}:${node.port}`), '--cluster-replicas', '0', '--cluster-yes'],
      { encoding: 'utf8', timeout: 20_000 },
    );
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    await waitUntil(
      async () => {
        const replies = await Promise.all(nodes.map((node) => rawCommand(node.port, 'CLUSTER INFO')));
        return replies.every((reply) => reply?.includes('cluster_state:ok'));
      },
      'cluster_state:ok',
      20_000,
    );
  } catch (error) {
    await Promise.all(servers.map(stopServer));
    removeDirs(dirs);
    throw error;
  }
  return {
    nodes,
    async stop() {
      await Promise.all(servers.map(stopServer));
      removeDirs(dirs);
    },
  };
}

export interface RedisSentinelHandle {
  sentinels: { host: string; port: number }[];
  /** The master group name the sentinel monitors. */
  name: string;
  stop(): Promise<void>;
}

/** Starts one Sentinel (redis-server --sentinel) monitoring a running server under the name "kontekst". */
export async function startRedisSentinel(master: { port: number }): Promise<RedisSentinelHandle> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kontekst-redis-sentinel-'));
  tempDirs.add(dir);
  // Sentinel rewrites its config file, so it must be a writable file of its own.
  const configFile = join(dir, 'sentinel.conf');
  writeFileSync(configFile, `sentinel monitor kontekst ${HOST} ${master.port} 1\nsentinel down-after-milliseconds kontekst 2000\n`);
  const server = await startNode(port, dir, ['--sentinel'], configFile);
  await waitUntil(async () => {
    const reply = await rawCommand(port, 'SENTINEL get-master-addr-by-name kontekst');
    return reply?.includes(String(master.port)) ?? false;
  }, 'sentinel to know its master');
  return {
    sentinels: [{ host: HOST, port }],
    name: 'kontekst',
    async stop() {
      await stopServer(server);
      removeDirs([dir]);
    },
  };
}
