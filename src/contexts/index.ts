// Barrel for the pure context rules: offers, explanations, login hints and the claims profile.
export * from './facts.ts';
export * from './login-hint.ts';
export * from './refusal.ts';
export * from './offer.ts';
export * from './explain.ts';
export * from './claims.ts';
