// Pairwise subject identifiers: per client sector and per context, unlinkable without the salt.
import { createHmac } from 'node:crypto';
import { parseAccountId, subjectSeed } from './account-id.ts';

export function pairwiseSubject(salt: string, accountId: string, sectorIdentifier: string): string {
  const ref = parseAccountId(accountId);
  // An unparseable account ID never reaches here from our interactions; hash it anyway rather than leak it.
  const seed = ref ? subjectSeed(ref) : `opaque:${accountId}`;
  return createHmac('sha256', salt).update(`${sectorIdentifier}\n${seed}`).digest('base64url');
}
