// Where metrics are served: on the public listener outside production only, on METRICS_PORT when set.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';

const PRODUCTION = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://login.example',
  COOKIE_SECRETS: 'a-production-cookie-secret-of-32-chars-or-more',
  PAIRWISE_SALT: 'a-production-pairwise-salt',
  WORLD_FILE: 'config/demo-world.json',
  UPSTREAM_ISSUER: 'https://broker.example',
  TRUST_PROXY: 'true',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

describe('metrics settings', () => {
  it('serve /metrics on the public listener in development', () => {
    expect(loadConfig({}).metrics).toEqual({ host: '127.0.0.1', onPublicListener: true, port: undefined });
  });

  it('keep /metrics off the public listener in production unless METRICS_PUBLIC says so', () => {
    expect(loadConfig(PRODUCTION).metrics.onPublicListener).toBe(false);
    expect(loadConfig({ ...PRODUCTION, METRICS_PUBLIC: 'true' }).metrics.onPublicListener).toBe(true);
  });

  it('take a listener of their own from METRICS_PORT and METRICS_HOST', () => {
    expect(loadConfig({ ...PRODUCTION, METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5' }).metrics).toMatchObject({ port: 9464, host: '10.0.0.5' });
    expect(() => loadConfig({ METRICS_PORT: 'ninety' })).toThrow(/METRICS_PORT/);
  });
});
