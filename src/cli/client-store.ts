// Where the CLI keeps clients: the storage the server uses (Redis), or static JSON files in CLIENTS_DIR (in-memory storage).
export type ClientSource = 'redis' | 'file';

export interface StoredClient {
  /** The client's metadata as stored (snake_case OIDC metadata plus Kontekst's own). */
  metadata: Record<string, unknown> & { client_id: string };
  source: ClientSource;
  /** The file it is defined in (file clients). */
  path?: string;
  /** False for clients the CLI cannot change here (e.g. several clients in one file, or a static file while Redis is in use). */
  managed: boolean;
}

export interface ClientStore {
  readonly kind: ClientSource;
  /** Whether a running server sees a change at once (Redis) or only after a restart (static files). */
  readonly live: boolean;
  list(): Promise<StoredClient[]>;
  get(clientId: string): Promise<StoredClient | undefined>;
  /** Creates or replaces a client this store manages. */
  save(metadata: StoredClient['metadata']): Promise<StoredClient>;
  /** Removes the client; returns how many grants (and so tokens) were revoked with it. */
  delete(clientId: string): Promise<{ revokedGrants: number }>;
  close(): Promise<void>;
}
