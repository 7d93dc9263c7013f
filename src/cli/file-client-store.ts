// Clients as static JSON files in CLIENTS_DIR, one <client_id>.json each: what an in-memory Kontekst loads at start.
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../oidc/keys.ts';
import { ClientConfigError, readClientFiles as readRawClientFiles } from '../oidc/clients.ts';
import { CliError } from './errors.ts';
import type { ClientStore, StoredClient } from './client-store.ts';

type Metadata = StoredClient['metadata'];

function isClient(value: unknown): value is Metadata {
  return typeof value === 'object' && value !== null && typeof (value as Metadata).client_id === 'string';
}

/** Reads every client in the directory with the file it came from; "managed" when the file is <client_id>.json with one client. */
export async function readClientFiles(dir: string): Promise<StoredClient[]> {
  let files: Awaited<ReturnType<typeof readRawClientFiles>>;
  try {
    files = await readRawClientFiles(dir);
  } catch (error) {
    if (error instanceof ClientConfigError) throw new CliError(error.message);
    throw error;
  }
  return files.flatMap(({ path, file, array, entries }) =>
    entries.filter(isClient).map((metadata) => ({
      metadata,
      source: 'file' as const,
      path,
      managed: !array && file === `${metadata.client_id}.json`,
    })),
  );
}

export class FileClientStore implements ClientStore {
  readonly kind = 'file' as const;
  readonly live = false;

  constructor(private readonly dir: string) {}

  list(): Promise<StoredClient[]> {
    return readClientFiles(this.dir);
  }

  async get(clientId: string): Promise<StoredClient | undefined> {
    return (await this.list()).find((client) => client.metadata.client_id === clientId);
  }

  async save(metadata: Metadata): Promise<StoredClient> {
    const path = this.#pathOf(metadata.client_id);
    await writeFileAtomically(path, metadata);
    return { metadata, source: 'file', path, managed: true };
  }

  async delete(clientId: string): Promise<{ revokedGrants: number }> {
    await unlink(this.#pathOf(clientId));
    // The running process keeps its tokens in memory; they end with the restart that unloads the client.
    return { revokedGrants: 0 };
  }

  #pathOf(clientId: string): string {
    // client_id is validated (letters, digits, . _ : -); refuse anything that could leave the directory anyway.
    if (!/^[\w.:-]+$/.test(clientId) || clientId.startsWith('.')) throw new CliError(`client_id "${clientId}" cannot be a file name`, 2);
    return join(this.dir, `${clientId}.json`);
  }

  async close(): Promise<void> {}
}
