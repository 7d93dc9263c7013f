// The shape of a private JSON Web Key Set, shared by Kontekst's provider keys and the simulator's.
import type { JWK } from 'jose';

export interface PrivateJwks {
  keys: JWK[];
}
