// Runs Kontekst as a real separate OS process (src/main.ts under tsx), the way production runs N of them.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../support/free-port.ts';
import { testOutboxDir } from '../../support/outbox-dir.ts';

export interface KontekstProcess {
  name: string;
  port: number;
  pid: number;
  /** What the process wrote to stderr/stdout (its log), for failure messages. */
  output(): string;
  stop(): Promise<void>;
  /** Kills the process at once (SIGKILL: no shutdown, nothing finished), as a crash would; resolves when it is gone. */
  kill(): Promise<void>;
}

async function waitReady(port: number, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Kontekst process exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Kontekst process on port ${port} not ready after ${timeoutMs} ms:\n${output()}`);
}

/**
 * Spawns `node --import tsx src/main.ts` with the given environment on a free port and waits for /readyz.
 * Nothing is shared with the test process but the environment: configuration, keys on disk, and Redis.
 */
export async function spawnKontekst(name: string, env: Record<string, string>, timeoutMs = 30_000): Promise<KontekstProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: process.cwd(),
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      OUTBOX_DIR: testOutboxDir(),
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  };
  try {
    await waitReady(port, child, () => log, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited;
  };
  return { name, port, pid: child.pid!, output: () => log, stop, kill };
}
