// Starts the benchmarked servers as their own processes (the load generator must not share their CPU time slices or heap).
import { spawn } from 'node:child_process';
import { freePort } from '../test/support/free-port.ts';
export { freePort };

export interface BenchServer {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** A port chosen beforehand (two servers that must know each other's URL); default a free one. */
  port?: number;
  /** The path that answers 200 once the server is up; default the issuer's discovery document. */
  readyPath?: string;
}

/** Runs `node --expose-gc --import tsx <script>` with the environment, and waits until `readyPath` answers. */
export async function startBenchServer(
  name: string,
  script: string,
  env: Record<string, string>,
  options: StartOptions = {},
): Promise<BenchServer> {
  const port = options.port ?? (await freePort());
  const readyPath = options.readyPath ?? '/.well-known/openid-configuration';
  const url = `http://127.0.0.1:${port}`;
  // BENCH_CPU_PROF_DIR=<dir> writes a V8 CPU profile of every server (open it in Chrome DevTools).
  const profile = process.env['BENCH_CPU_PROF_DIR'] ? ['--cpu-prof', '--cpu-prof-dir', process.env['BENCH_CPU_PROF_DIR']] : [];
  const child = spawn(process.execPath, ['--expose-gc', ...profile, '--import', 'tsx', script], {
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: url,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-10_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${stderr}`);
    try {
      if ((await fetch(`${url}${readyPath}`)).ok) return { name, url, pid: child.pid!, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`${name} did not start:\n${stderr}`);
}
