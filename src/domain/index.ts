// Barrel for the shared domain vocabulary every part may import.
export * from './mitid.ts';
export * from './context.ts';
export * from './directory.ts';
export * from './cvr.ts';
export * from './cpr.ts';
