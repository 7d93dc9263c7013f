// The one start-up error family: each problem names the file or key and the path in it; a start reports all at once (exit 78).
import { z } from 'zod';

/** EX_CONFIG from sysexits.h: what every bad configuration file or variable exits with. */
export const EXIT_CONFIG = 78;

export class StartupError extends Error {
  readonly problems: readonly string[];
  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : [...problems];
    super(list.join('\n'));
    this.name = 'StartupError';
    this.problems = list;
  }
}

/** `<source>: <what>` then zod's own readable list (each issue with `→ at <path>`); values are never echoed. */
export function zodProblem(source: string, error: z.ZodError, what = 'invalid'): string {
  const details = z.prettifyError(error).split('\n').map((line) => `    ${line}`).join('\n');
  return `${source}: ${what}\n${details}`;
}

/**
 * Awaits independent start-up steps together: when any fails with a StartupError, every step's problems are
 * reported in one error (the operator fixes them in one round, not one per run). Other errors pass through.
 */
export async function allStartupSteps<T extends readonly unknown[]>(steps: readonly [...{ [K in keyof T]: Promise<T[K]> }]): Promise<T> {
  const settled = await Promise.allSettled(steps);
  const failures = settled.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
  const other = failures.find((reason) => !(reason instanceof StartupError));
  if (other !== undefined) throw other;
  if (failures.length) throw new StartupError(failures.flatMap((reason) => (reason as StartupError).problems));
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** The text printed on stderr for a start that stopped. */
export function describeStartupError(error: StartupError, program = 'Kontekst'): string {
  return `${program} cannot start: fix the configuration below.\n${error.problems.map((problem) => `  - ${problem}`).join('\n')}`;
}
