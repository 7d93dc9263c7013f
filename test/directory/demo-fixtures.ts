// Test fixtures from config/demo-world.json: MitID logins built from the simulator identities, and the loaded directory.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Loa, Means, MitIdLogin } from '../../src/domain/mitid.ts';

export const DEMO_WORLD_FILE = fileURLToPath(new URL('../../config/demo-world.json', import.meta.url));

interface DemoIdentity {
  userId: string;
  kind: 'private' | 'dedicated';
  uuid: string;
  person?: { cpr: string; name: string; givenName: string; familyName: string; birthdate: string };
  business?: { professionalUuid: string; cvr: string; name: string };
}

export const DEMO_DOCUMENT: { mitid: { identities: DemoIdentity[] }; directory: unknown } = JSON.parse(
  readFileSync(DEMO_WORLD_FILE, 'utf8'),
);

/** The level of assurance each means reaches in the simulator (chip reaches High). */
const LOA_OF: Record<Means, Loa> = { app: 'substantial', code_display: 'substantial', code_reader: 'substantial', chip: 'high' };

/** A MitID login as the upstream would return it for a demo user ID. */
export function demoLogin(userId: string, means: Means = 'app'): MitIdLogin {
  const identity = DEMO_DOCUMENT.mitid.identities.find((candidate) => candidate.userId === userId);
  if (!identity) throw new Error(`no demo identity ${userId}`);
  const common = { mitidUuid: identity.uuid, means, loa: LOA_OF[means], amr: ['hwk'], authTime: 1_700_000_000 };
  if (identity.kind === 'private') return { kind: 'private', ...common, person: { ...identity.person! } };
  return { kind: 'dedicated', ...common, business: { ...identity.business! } };
}
