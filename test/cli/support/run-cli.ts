// Runs the kontekst CLI in-process with an environment and captures what it prints, for tests.
import { runCli } from '../../../src/cli/program.ts';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export async function runCliCaptured(argv: string[], env: Record<string, string>): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await runCli(argv, env, { stdout: (text) => (out += text), stderr: (text) => (err += text) });
  return { code, out, err };
}
