// The relying party of a journey request, resolved once: its display name and its typed Kontekst metadata.
import { kontekstMetadataOf, type KontekstClientMetadata } from '../oidc/client-metadata.ts';
import type { InteractionDetails, JourneyDeps } from './deps.ts';
import { JourneyError } from './errors.ts';

export interface JourneyClient {
  id: string;
  /** What the person recognises the service by: its registered name, else its client_id. */
  name: string;
  metadata: KontekstClientMetadata;
}

/** The interaction's client; a client deleted mid-journey ends the journey (nothing more is issued to it). */
export async function journeyClientOf(deps: JourneyDeps, details: InteractionDetails): Promise<JourneyClient> {
  const client = await deps.provider.Client.find(String(details.params['client_id']));
  if (!client) throw new JourneyError('expired', 'client gone');
  return { id: client.clientId, name: (client.clientName as string | undefined) ?? client.clientId, metadata: kontekstMetadataOf(client) };
}
