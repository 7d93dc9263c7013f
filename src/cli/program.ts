// The `kontekst` command line: builds the commander program and runs it against an environment (a composition root).
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from '../config/index.ts';
import { actionFactory } from './commands/action.ts';
import { registerClientCommands } from './commands/clients.ts';
import { registerDirectoryCommands } from './commands/directory.ts';
import { registerInitialAccessTokenCommands } from './commands/initial-access-token.ts';
import { registerKeyCommands } from './commands/keys.ts';
import { CliError } from './errors.ts';
import { printAnswer, type CliIo } from './output.ts';
import { CliRuntime } from './runtime.ts';

/** Runs one command line; returns the exit code (never exits the process itself, so tests run it in-process). */
export async function runCli(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  let runtime: CliRuntime | undefined;
  let exitCode = 0;
  const program = new Command('kontekst')
    .description('Operate Kontekst: relying-party clients, initial access tokens for dynamic registration, signing keys.\n' +
      'Configuration comes from the same environment as the server (REDIS_URL, CLIENTS_DIR, KEYS_DIR, …).')
    .option('--json', 'print the result as JSON')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();

  const action = actionFactory(async (handler, asJson) => {
    if (!runtime) {
      try {
        runtime = new CliRuntime(loadConfig(env));
      } catch (error) {
        if (error instanceof ConfigError) throw new CliError(error.message, 78);
        throw error;
      }
    }
    printAnswer(io, await handler(runtime), asJson);
  });
  registerClientCommands(program, action);
  registerInitialAccessTokenCommands(program, action);
  registerKeyCommands(program, action);
  registerDirectoryCommands(program, action);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    exitCode = exitCodeOf(error, io);
  } finally {
    await runtime?.close().catch(() => {});
  }
  return exitCode;
}

function exitCodeOf(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // help and version are "errors" to commander; they printed already.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof CliError) {
    io.stderr(`kontekst: ${error.message}\n`);
    return error.exitCode;
  }
  // Never a stack trace: the message names what failed (e.g. Redis unreachable).
  const name = (error as Error)?.name ?? 'Error';
  io.stderr(`kontekst: ${name}: ${(error as Error)?.message ?? String(error)}\n`);
  return 1;
}
