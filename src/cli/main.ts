// Entry point of the `kontekst` command (bin/kontekst.js): the only reader of process.env and argv on this side.
import { runCli } from './program.ts';

const code = await runCli(process.argv.slice(2), process.env, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
process.exitCode = code;
