// Why a starting server stops, in one sentence an operator can act on, and the exit code (78: fix the configuration).
import { describeStartupError, EXIT_CONFIG, StartupError } from './config/startup-error.ts';
import { KeyError } from './oidc/keys.ts';

export { EXIT_CONFIG };

export interface StartupFailure {
  message: string;
  exitCode: number;
}

/** Maps what went wrong while starting to what the operator reads and the exit code a supervisor sees. */
export interface ListenerSettings {
  port?: number;
  host?: string;
  /** The environment variables that set them: PORT and HOST, or METRICS_PORT and METRICS_HOST. */
  keys?: { port: string; host: string };
}

export function startupFailure(error: unknown, settings: ListenerSettings = {}): StartupFailure {
  const keys = settings.keys ?? { port: 'PORT', host: 'HOST' };
  if (error instanceof KeyError) {
    return {
      message: `${describeStartupError(error)}\nCreate production keys with a fresh key directory: KEYS_DIR=/path/to/new/keys NODE_ENV=production npx kontekst keys init, then start with that KEYS_DIR.`,
      exitCode: EXIT_CONFIG,
    };
  }
  // Every bad configuration variable or file, all of one start's problems together.
  if (error instanceof StartupError) return { message: describeStartupError(error), exitCode: EXIT_CONFIG };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return { message: `port ${settings.port} is in use; set ${keys.port}`, exitCode: EXIT_CONFIG };
  if (code === 'EACCES') return { message: `port ${settings.port} may not be opened by this user; set ${keys.port} (above 1023)`, exitCode: EXIT_CONFIG };
  if (code === 'EADDRNOTAVAIL') return { message: `${settings.host} is not an address of this machine; set ${keys.host}`, exitCode: EXIT_CONFIG };
  return { message: `Kontekst failed to start: ${(error as Error | undefined)?.message ?? String(error)}`, exitCode: 1 };
}
