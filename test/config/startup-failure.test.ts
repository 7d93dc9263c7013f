// What a server that cannot start says, and its exit code: 78 for everything the operator must fix.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/index.ts';
import { KeyError } from '../../src/oidc/keys.ts';
import { startupFailure } from '../../src/startup-failure.ts';

const errno = (code: string) => Object.assign(new Error(`listen ${code}`), { code });

describe('startupFailure', () => {
  it('a busy port: one sentence naming the setting, exit 78', () => {
    expect(startupFailure(errno('EADDRINUSE'), { port: 3000, host: '127.0.0.1' })).toEqual({ message: 'port 3000 is in use; set PORT', exitCode: 78 });
    expect(startupFailure(errno('EADDRINUSE'), { port: 9464, keys: { port: 'METRICS_PORT', host: 'METRICS_HOST' } }).message).toBe('port 9464 is in use; set METRICS_PORT');
  });

  it('development or missing keys in production: the hint to run keys init with a fresh KEYS_DIR, exit 78', () => {
    const failure = startupFailure(new KeyError('signing keys: development keys (kid "dev-…") are refused in production'));
    expect(failure.exitCode).toBe(78);
    expect(failure.message).toMatch(/refused in production\nCreate production keys with a fresh key directory: KEYS_DIR=.* npx kontekst keys init/);
  });

  it('bad configuration is exit 78; anything else exit 1 without a stack', () => {
    expect(startupFailure(new ConfigError(['PORT: bad'])).exitCode).toBe(78);
    const other = startupFailure(new Error('Redis not ready after 30000 ms'));
    expect(other).toEqual({ message: 'Kontekst failed to start: Redis not ready after 30000 ms', exitCode: 1 });
  });
});
