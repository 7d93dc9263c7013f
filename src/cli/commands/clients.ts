// `kontekst clients …`: create, list, show, update, rotate-secret and delete relying-party clients in the server's storage.
// Just over 250 lines: six subcommands of one noun with their option declarations; the parsing lives in client-input.ts.
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { clientMetadataSchema, ClientConfigError, parseClient } from '../../oidc/clients.ts';
import { kontekstMetadataOf } from '../../oidc/client-metadata.ts';
import { generateClientSecret } from '../../oidc/registration.ts';
import type { ClientStore, StoredClient } from '../client-store.ts';
import { metadataPatch, parseClientOptions, SECRET_AUTH_METHODS, type ClientOptions } from '../client-input.ts';
import { CliError } from '../errors.ts';
import { table, type Answer } from '../output.ts';
import type { CliRuntime } from '../runtime.ts';
import type { Action } from './action.ts';

type Metadata = StoredClient['metadata'];

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

function addMetadataOptions(command: Command): Command {
  return command
    .option('--name <name>', 'client_name shown to people')
    .option('--redirect-uri <uri>', 'a redirect URI (repeat for several)', collect)
    .option('--post-logout-redirect-uri <uri>', 'a post-logout redirect URI (repeat for several)', collect)
    .option('--backchannel-logout-uri <uri>', 'back-channel logout endpoint')
    .option('--identity-types <types>', 'comma-separated: private,professional')
    .option('--entitlements <list>', 'comma-separated operator entitlements: cpr,mitid ("" for none)')
    .option('--first-party', 'pre-consented first-party client')
    .option('--no-first-party', 'third-party client: people consent (the default)')
    .option(
      '--privilege-namespaces <list>',
      'comma-separated URN prefixes of the rights (professional.privileges) it receives ("" for none)',
    )
    .option('--admin-operator', 'an operator API client of the admin API (client credentials)')
    .option('--no-admin-operator', 'not an operator API client (the default)')
    .option('--auth-method <method>', 'client_secret_basic (default), client_secret_post, private_key_jwt or none')
    .option('--grant-types <list>', 'comma-separated: authorization_code,refresh_token,client_credentials')
    .option('--jwks-uri <uri>', "the client's JWKS URI (private_key_jwt)")
    .option('--jwks-file <path>', "a file with the client's public JWKS (private_key_jwt)")
    .option('--metadata <path>', 'a JSON file with further client metadata (options given here win)');
}

function where(client: StoredClient): string {
  return client.source === 'redis' ? 'Redis' : (client.path ?? 'CLIENTS_DIR');
}

function applyNote(store: ClientStore): string {
  return store.live
    ? 'Running Kontekst processes see this at once.'
    : 'Static client files are read at start: restart Kontekst to apply this.';
}

function masked(metadata: Metadata, showSecret: boolean): Metadata {
  if (showSecret || metadata['client_secret'] === undefined) return metadata;
  return { ...metadata, client_secret: '********' };
}

function needsSecret(metadata: Record<string, unknown>): boolean {
  return SECRET_AUTH_METHODS.has(String(metadata['token_endpoint_auth_method'] ?? 'client_secret_basic'));
}

/** Validated twice: Kontekst's strict schema (unknown fields refused), then exactly as the server's oidc-provider validates. */
async function validated(runtime: CliRuntime, metadata: Record<string, unknown>, strict: boolean): Promise<Metadata> {
  let checked = metadata as Metadata;
  if (strict) {
    try {
      checked = parseClient(metadata, `client ${String(metadata['client_id'])}`) as unknown as Metadata;
    } catch (error) {
      if (error instanceof ClientConfigError) throw new CliError(error.message, 2);
      throw error;
    }
  }
  const provider = await runtime.provider();
  try {
    await provider.Client.validate(checked as never);
  } catch (error) {
    const description = (error as { error_description?: string }).error_description ?? (error as Error).message;
    throw new CliError(`client ${checked.client_id}: invalid client metadata: ${description}`, 2);
  }
  return checked;
}

async function existing(store: ClientStore, clientId: string, change: boolean): Promise<StoredClient> {
  const client = await store.get(clientId);
  if (!client) throw new CliError(`no client "${clientId}" (see "kontekst clients list")`);
  if (change && !client.managed) {
    throw new CliError(`client "${clientId}" is defined in ${client.path ?? 'a static file'}; edit that file and restart Kontekst`);
  }
  return client;
}

function defaultClientId(name: string | undefined): string {
  const slug =
    (name ?? 'client')
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^\w]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'client';
  return `${slug}-${randomBytes(3).toString('hex')}`;
}

export function registerClientCommands(program: Command, action: Action): void {
  const clients = program.command('clients').description('relying-party clients in the storage the server uses');

  addMetadataOptions(
    clients
      .command('create')
      .description('register a client (prints its secret once)')
      .option('--id <client_id>', 'client_id (default: from the name)'),
  ).action(
    action(async (runtime, raw) => {
      const options = parseClientOptions(raw);
      if (!options.redirectUri && !options.metadata) throw new CliError('--redirect-uri: required (repeat it for several URIs)', 2);
      const store = await runtime.clients();
      const clientId = options.id ?? defaultClientId(options.name);
      if (await store.get(clientId)) throw new CliError(`client "${clientId}" already exists`);
      const metadata: Record<string, unknown> = { ...(await metadataPatch(options)), client_id: clientId };
      if (needsSecret(metadata)) metadata['client_secret'] = generateClientSecret();
      else delete metadata['client_secret'];
      const saved = await store.save(await validated(runtime, metadata, true));
      return created(store, saved);
    }),
  );

  clients
    .command('list')
    .description('every client: stored ones and static files')
    .action(
      action(async (runtime) => {
        const all = await (await runtime.clients()).list();
        const rows = all.map((client) => {
          const kontekst = kontekstMetadataOf(client.metadata);
          return [
            client.metadata.client_id,
            String(client.metadata['client_name'] ?? ''),
            client.source,
            kontekst.identity_types.join(','),
            kontekst.entitlements.join(',') || '-',
            kontekst.first_party ? 'yes' : 'no',
          ];
        });
        return {
          human: all.length ? table(['CLIENT_ID', 'NAME', 'SOURCE', 'IDENTITY_TYPES', 'ENTITLEMENTS', 'FIRST_PARTY'], rows) : 'No clients.',
          json: all.map((client) => ({
            source: client.source,
            path: client.path,
            managed: client.managed,
            metadata: masked(client.metadata, false),
          })),
        };
      }),
    );

  clients
    .command('show <client_id>')
    .description("one client's metadata (secret masked unless --show-secret)")
    .option('--show-secret', 'print the client secret')
    .action(
      action(async (runtime, raw, clientId) => {
        const store = await runtime.clients();
        const client = await existing(store, clientId, false);
        const metadata = masked(client.metadata, (raw as { showSecret?: boolean }).showSecret === true);
        return {
          human: `client ${clientId} (${where(client)})\n${JSON.stringify(metadata, null, 2)}`,
          json: { source: client.source, path: client.path, managed: client.managed, metadata },
        };
      }),
    );

  addMetadataOptions(clients.command('update <client_id>').description("change a client's metadata (only the options given)")).action(
    action(async (runtime, raw, clientId) => {
      const options: ClientOptions = parseClientOptions(raw);
      const store = await runtime.clients();
      const client = await existing(store, clientId, true);
      const patch = await metadataPatch(options);
      if (Object.keys(patch).length === 0) throw new CliError('nothing to update: give at least one option (see --help)', 2);
      if ('client_id' in patch && patch['client_id'] !== clientId)
        throw new CliError('client_id cannot change; create a new client instead', 2);
      const merged: Record<string, unknown> = { ...client.metadata, ...patch, client_id: clientId };
      if (needsSecret(merged) && merged['client_secret'] === undefined) merged['client_secret'] = generateClientSecret();
      if (!needsSecret(merged)) delete merged['client_secret'];
      // Records made by dynamic registration carry oidc-provider's full metadata; those are checked by oidc-provider only.
      const strict = store.kind === 'file' || clientMetadataSchema.safeParse(client.metadata).success;
      const saved = await store.save(await validated(runtime, merged, strict));
      return {
        human: `Updated client ${clientId} (${where(saved)}). ${applyNote(store)}`,
        json: { client_id: clientId, source: saved.source, path: saved.path, live: store.live, metadata: masked(saved.metadata, false) },
      };
    }),
  );

  clients
    .command('rotate-secret <client_id>')
    .description('give a client a new secret; the old one stops working (prints the new secret once)')
    .action(
      action(async (runtime, _raw, clientId) => {
        const store = await runtime.clients();
        const client = await existing(store, clientId, true);
        if (!needsSecret(client.metadata)) {
          throw new CliError(
            `client "${clientId}" authenticates with ${String(client.metadata['token_endpoint_auth_method'])}: it has no secret`,
          );
        }
        const saved = await store.save({
          ...client.metadata,
          client_secret: generateClientSecret(),
          client_secret_expires_at: client.metadata['client_secret_expires_at'] === undefined ? undefined : 0,
        });
        return {
          human: `New secret for ${clientId}:\n  client_secret: ${String(saved.metadata['client_secret'])}\nThe old secret ${store.live ? 'no longer works' : 'works until Kontekst restarts'}. ${applyNote(store)}`,
          json: { client_id: clientId, client_secret: saved.metadata['client_secret'], live: store.live },
        };
      }),
    );

  clients
    .command('delete <client_id>')
    .description('remove a client; with Redis its grants and tokens are revoked too')
    .action(
      action(async (runtime, _raw, clientId) => {
        const store = await runtime.clients();
        await existing(store, clientId, true);
        const { revokedGrants } = await store.delete(clientId);
        return {
          human: store.live
            ? `Deleted client ${clientId} and revoked ${revokedGrants} grant(s) with their tokens. ${applyNote(store)}`
            : `Deleted client ${clientId}. ${applyNote(store)}`,
          json: { client_id: clientId, deleted: true, revoked_grants: revokedGrants, live: store.live },
        };
      }),
    );
}

function created(store: ClientStore, saved: StoredClient): Answer {
  const secret = saved.metadata['client_secret'];
  const lines = [
    `Created client ${saved.metadata.client_id} (${where(saved)}).`,
    `  client_id:     ${saved.metadata.client_id}`,
    ...(secret ? [`  client_secret: ${String(secret)}   (shown once; keep it safe)`] : []),
    applyNote(store),
  ];
  return {
    human: lines.join('\n'),
    json: {
      client_id: saved.metadata.client_id,
      client_secret: secret,
      source: saved.source,
      path: saved.path,
      live: store.live,
      metadata: masked(saved.metadata, true),
    },
  };
}
