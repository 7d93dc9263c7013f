// Public surface of the upstream MitID connector.
export { createUpstreamConnector, DEFAULT_UPSTREAM_SCOPE } from './connector.ts';
export type { UpstreamOptions, UpstreamConnector, StartLoginInput, FinishLoginInput } from './connector.ts';
export type { UpstreamObserver } from './observe.ts';
export type { UpstreamClientAuthOptions } from './client-auth.ts';
export { UpstreamError, UPSTREAM_ERROR_CODES, isUpstreamError, oidcErrorFor, descriptionFor } from './errors.ts';
export type { UpstreamErrorCode, DownstreamOidcError } from './errors.ts';
export { claimMappingSchema, DEFAULT_CLAIM_MAPPING, resolveClaimMapping, mapClaimsToLogin } from './claim-mapping.ts';
export type { ClaimMapping, Claims } from './claim-mapping.ts';
export { keyValueTransactionStore, memoryTransactionStore } from './transaction-store.ts';
export type { TransactionStore, UpstreamTransaction, TransactionKeyValue } from './transaction-store.ts';
