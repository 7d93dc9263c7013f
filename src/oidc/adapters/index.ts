// Public surface of the oidc-provider adapters: pick memory (embedded default) or Redis (production).
export { createMemoryAdapterFactory } from './memory-adapter.ts';
export { createRedisAdapterFactory } from './redis-adapter.ts';
export { GRANTABLE_MODELS, storageUnavailable } from './adapter-model.ts';
export type { AdapterFactory } from './adapter-model.ts';
