// What the browser journey needs from the rest of Kontekst, injected by the composition root.
import type Provider from 'oidc-provider';
import type { Logger } from 'pino';
import type { DirectoryReader } from '../directory/repository.ts';
import type { PersonStore } from '../oidc/person-store.ts';
import type { UpstreamConnector } from '../upstream/index.ts';
import type { JourneyStore } from './journey-store.ts';
import type { UpstreamSessions } from './upstream-session.ts';
import type { Metrics } from '../observability/metrics.ts';

export interface JourneyDeps {
  provider: Provider;
  upstream: UpstreamConnector;
  directory: DirectoryReader;
  journeys: JourneyStore;
  /** This browser's MitID session: the logout hint and the fresh-login demand. */
  upstreamSessions: UpstreamSessions;
  persons: PersonStore;
  logger: Logger;
  /** Path of the upstream callback (the redirect_uri registered at the MitID broker). */
  callbackPath: string;
  secureCookies: boolean;
  interactionTtlSeconds: number;
  /** Logins started, completed by context type, refused by reason; chooser shown or skipped. */
  metrics: Pick<Metrics, 'loginStarted' | 'loginCompleted' | 'loginRefused' | 'chooser'>;
}

export type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>;
