// Where metrics are served: on the public listener outside production only, on METRICS_PORT when set.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { PRODUCTION_ENV } from '../support/production-env.ts';

const PRODUCTION = { ...PRODUCTION_ENV };

describe('metrics settings', () => {
  it('serve /metrics on the public listener in development', () => {
    expect(loadConfig({}).metrics).toEqual({ host: '127.0.0.1', onPublicListener: true, port: undefined });
  });

  it('keep /metrics off the public listener in production unless METRICS_PUBLIC says so', () => {
    expect(loadConfig(PRODUCTION).metrics.onPublicListener).toBe(false);
    expect(loadConfig({ ...PRODUCTION, METRICS_PUBLIC: 'true' }).metrics.onPublicListener).toBe(true);
  });

  it('take a listener of their own from METRICS_PORT and METRICS_HOST', () => {
    expect(loadConfig({ ...PRODUCTION, METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' }).metrics).toMatchObject({
      port: 9464,
      host: '10.0.0.5',
    });
    expect(() => loadConfig({ METRICS_PORT: 'ninety' })).toThrow(/METRICS_PORT/);
  });
});
