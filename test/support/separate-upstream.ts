// Logs in through Kontekst when MitID is a separate process (another origin): Kontekst → simulator → Kontekst → RP.
import { Person } from './journey.ts';
import { completeSimulatorLogin, SimulatorDriverError, type LoginSteps, type SimulatorPage } from './simulator-driver.ts';
import { spawn, type ChildProcess } from 'node:child_process';

/** Resolves with the redirect back to the relying party (code or error). */
export async function loginWithSeparateUpstream(kontekstUrl: string, authorizationUrl: URL, steps: Omit<LoginSteps, 'browser'>): Promise<URL> {
  const person = new Person(kontekstUrl);
  const toUpstream = await person.kontekst.open(authorizationUrl);
  if (!toUpstream.callbackUrl) throw new SimulatorDriverError('Kontekst did not send the browser to MitID', toUpstream);
  const upstream = await completeSimulatorLogin(toUpstream.callbackUrl, steps);
  const back: SimulatorPage = await person.kontekst.open(upstream.callbackUrl);
  if (!back.callbackUrl) throw new SimulatorDriverError('Kontekst did not send the browser back to the relying party', back);
  return back.callbackUrl;
}

export interface RunningProgram {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the program ended. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts a program (node <args>) with exactly the given environment plus PATH and HOME, collecting its output. */
export function runProgram(args: string[], env: Record<string, string>, options: { shell?: boolean } = {}): RunningProgram {
  const child = options.shell
    ? spawn('sh', ['-c', args.join(' ')], { env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    : spawn(process.execPath, args, { env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-40_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => log,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // A shell command line (npm start) is a process group: stop all of it.
      if (options.shell && child.pid) process.kill(-child.pid, 'SIGTERM');
      else child.kill('SIGTERM');
      const killer = setTimeout(() => (options.shell && child.pid ? process.kill(-child.pid, 'SIGKILL') : child.kill('SIGKILL')), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Polls a URL until it answers 200 (or the program exits, or time runs out). */
export async function waitForUrl(url: string, program: RunningProgram, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (program.child.exitCode !== null) throw new Error(`program exited with ${program.child.exitCode}:\n${program.output()}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${program.output()}`);
}
