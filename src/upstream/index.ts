// Public surface of the upstream MitID connector.
export { createUpstreamConnector } from './connector.ts';
export type { UpstreamConnector } from './connector.ts';
export { UpstreamError } from './errors.ts';
export { keyValueTransactionStore } from './transaction-store.ts';
