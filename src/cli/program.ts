// The `kontekst` command line: builds the commander program and runs it against an environment (a composition root).
import { Command, CommanderError } from 'commander';
import { loadConfig } from '../config/index.ts';
import { StartupError } from '../config/startup-error.ts';
import { actionFactory } from './commands/action.ts';
import { registerClientCommands } from './commands/clients.ts';
import { registerInitialAccessTokenCommands } from './commands/initial-access-token.ts';
import { registerKeyCommands } from './commands/keys.ts';
import { CliError } from './errors.ts';
import { printAnswer, type CliIo } from './output.ts';
import { CliRuntime } from './runtime.ts';

/** Runs one command line; returns the exit code (never exits the process itself, so tests run it in-process). */
export async function runCli(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  let runtime: CliRuntime | undefined;
  let exitCode = 0;
  // Known before commander parses: with --json even a usage error is one JSON document for the script.
  const asJson = argv.includes('--json');
  const program = new Command('kontekst')
    .description('Operate Kontekst: relying-party clients, initial access tokens for dynamic registration, signing keys.\n' +
      'Configuration comes from the same environment as the server (REDIS_URL, CLIENTS_DIR, KEYS_DIR, …).')
    .option('--json', 'print the result as JSON')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: asJson ? () => {} : io.stderr })
    .showHelpAfterError(!asJson);

  const action = actionFactory(async (handler, asJson) => {
    if (!runtime) {
      try {
        runtime = new CliRuntime(loadConfig(env));
      } catch (error) {
        if (error instanceof StartupError) throw new CliError(error.message, 78);
        throw error;
      }
    }
    printAnswer(io, await handler(runtime), asJson);
  });
  registerClientCommands(program, action);
  registerInitialAccessTokenCommands(program, action);
  registerKeyCommands(program, action);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    exitCode = report(error, io, asJson);
  } finally {
    await runtime?.close().catch(() => {});
  }
  return exitCode;
}

interface Failure {
  exitCode: number;
  /** What went wrong, for the operator; undefined when commander already printed it (help, usage in text mode). */
  message?: string;
}

function failureOf(error: unknown): Failure {
  if (error instanceof CommanderError) {
    // help and version are "errors" to commander; they printed already. A usage error is exit 2.
    return error.exitCode === 0 ? { exitCode: 0 } : { exitCode: 2, message: error.message.replace(/^error: /, '') };
  }
  if (error instanceof CliError) return { exitCode: error.exitCode, message: error.message };
  // Never a stack trace: the message names what failed (e.g. Redis unreachable).
  const name = (error as Error)?.name ?? 'Error';
  return { exitCode: 1, message: `${name}: ${(error as Error)?.message ?? String(error)}` };
}

/**
 * Text mode writes "kontekst: <message>" (commander printed its own usage errors already). With --json the
 * error is one JSON document on stderr, {"error":{"message","exitCode"}}, so stdout stays the command's answer.
 */
function report(error: unknown, io: CliIo, asJson: boolean): number {
  const failure = failureOf(error);
  if (failure.exitCode === 0 || failure.message === undefined) return failure.exitCode;
  if (asJson) io.stderr(`${JSON.stringify({ error: { message: failure.message, exitCode: failure.exitCode } })}\n`);
  else if (!(error instanceof CommanderError)) io.stderr(`kontekst: ${failure.message}\n`);
  return failure.exitCode;
}
