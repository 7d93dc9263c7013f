// The one way a configuration JSON file is read: read → parse → zod, every failure a StartupError naming the file.
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { StartupError, zodProblem } from './startup-error.ts';

export interface JsonFileOptions<T> {
  /** What a missing file means (e.g. no resource servers); without it a missing file is a problem. */
  ifMissing?: () => T;
  /** What the file holds, for the message: "<file>: invalid <what>". */
  what?: string;
  /** The error type of the calling part (a subclass in the start-up family). */
  error?: new (problems: string[]) => StartupError;
}

/** Parses JSON text from `source` (a file or an environment variable) and validates it. */
export function parseJsonText<S extends z.ZodType>(
  text: string,
  source: string,
  schema: S,
  options: Pick<JsonFileOptions<z.output<S>>, 'what' | 'error'> = {},
): z.output<S> {
  const fail = (problem: string): never => {
    throw new (options.error ?? StartupError)([problem]);
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse messages quote the text around the error, which may hold a CPR number or a key: say less.
    return fail(`${source}: not valid JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return fail(zodProblem(source, parsed.error, options.what ? `invalid ${options.what}` : 'invalid'));
  return parsed.data;
}

export async function readJsonFile<S extends z.ZodType>(path: string, schema: S, options: JsonFileOptions<z.output<S>> = {}): Promise<z.output<S>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    if (code === 'ENOENT' && options.ifMissing) return options.ifMissing();
    throw new (options.error ?? StartupError)([`${path}: cannot be read (${code})`]);
  }
  return parseJsonText(text, path, schema, options);
}
