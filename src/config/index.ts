// Public surface of the configuration part.
export { loadConfig, ConfigError } from './load.ts';
export type { Config, RedisConfig } from './config.ts';
export type { CvrRegisterConfig, OutboxConfig } from './outbox-schema.ts';
