// Glue between commander and a command: the runtime, the validated options, and printing the answer (text or --json).
import type { Command } from 'commander';
import type { Answer } from '../output.ts';
import type { CliRuntime } from '../runtime.ts';

export type Handler = (runtime: CliRuntime, options: Record<string, unknown>, ...args: string[]) => Promise<Answer>;
export type Action = (handler: Handler) => (...commanderArgs: unknown[]) => Promise<void>;

/** Builds the `action` helper commands use; `run` gets the runtime lazily (so --help needs no configuration). */
export function actionFactory(run: (handler: (runtime: CliRuntime) => Promise<Answer>, asJson: boolean) => Promise<void>): Action {
  return (handler) =>
    async (...commanderArgs) => {
      // commander calls back with (...arguments, options, command).
      const command = commanderArgs[commanderArgs.length - 1] as Command;
      const args = commanderArgs.slice(0, -2) as string[];
      const options = command.optsWithGlobals() as Record<string, unknown>;
      await run((runtime) => handler(runtime, options, ...args), options['json'] === true);
    };
}
