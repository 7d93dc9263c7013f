// The simulator's identities: the fixed ones of the world file plus dedicated MitIDs issued at run time, kept in the
// simulator's store so every process sees them. It also implements the MitID issuing port (src/admin/ports/mitid-issuer.ts).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  issueDedicatedMitIdSchema,
  MitIdIssuerError,
  type IssueDedicatedMitIdRequest,
  type MitIdIssuer,
} from '../admin/ports/mitid-issuer.ts';
import type { Means } from '../domain/mitid.ts';
import type { KeyValueStore } from '../store/kv.ts';
import { identitySchema, sharesApp, type IdentityDirectory, type SimulatorIdentity, type SimulatorMeans } from './identities.ts';

/** Issued identities outlive any demo or test; the store needs some expiry. */
const ISSUED_TTL_SECONDS = 10 * 365 * 24 * 3600;

const issuedRecordSchema = z.object({
  identity: identitySchema,
  mobile: z.string(),
  issuedAt: z.iso.datetime(),
});

const keys = {
  identity: (uuid: string) => `mitid-sim:identity:${uuid}`,
  userId: (userId: string) => `mitid-sim:user-id:${userId.toLowerCase()}`,
  /** Set when a user was added to the app on this device: everyone in it then uses a PIN. */
  sharedDevice: (device: string) => `mitid-sim:shared-device:${device}`,
};

export class IdentityRegistry implements MitIdIssuer {
  constructor(
    private readonly world: IdentityDirectory,
    private readonly store: KeyValueStore,
  ) {}

  /** The world file's identities (issued ones are found by look-up only). */
  get worldIdentities(): readonly SimulatorIdentity[] {
    return this.world.identities;
  }

  async byUserId(userId: string): Promise<SimulatorIdentity | undefined> {
    const fixed = this.world.byUserId(userId);
    if (fixed) return fixed;
    const normalised = userId.trim();
    if (!normalised) return undefined;
    const uuid = await this.store.get(keys.userId(normalised));
    return uuid ? this.#issued(uuid) : undefined;
  }

  // World identities are answered without touching the store: a demo login costs no extra round trip.
  async byUuid(uuid: string): Promise<SimulatorIdentity | undefined> {
    return this.world.byUuid(uuid) ?? (await this.#issued(uuid));
  }

  meansOf(identity: SimulatorIdentity, type: Means): SimulatorMeans | undefined {
    return identity.means.find((means) => means.type === type);
  }

  /** Several users in one app: each with a PIN, no biometrics. */
  async sharesApp(identity: SimulatorIdentity, means: SimulatorMeans): Promise<boolean> {
    if (sharesApp(this.world.identities, identity, means)) return true;
    // Only an app with a PIN can have been joined by a user issued at run time (joining needs a PIN on both sides).
    if (means.type !== 'app' || means.device === undefined || means.pin === undefined) return false;
    return (await this.store.get(keys.sharedDevice(means.device))) !== undefined;
  }

  async issueDedicatedMitId(request: IssueDedicatedMitIdRequest): Promise<{ mitidUuid: string }> {
    const parsed = issueDedicatedMitIdSchema.safeParse(request);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') ?? '';
      throw new MitIdIssuerError('invalid_request', `invalid request: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`, field);
    }
    const input = parsed.data;
    if (this.world.byUserId(input.userId)) throw new MitIdIssuerError('user_id_taken', 'the user ID is taken', 'userId');

    const mitidUuid = randomUUID();
    let device: string | undefined;
    if (input.means === 'app') {
      device = input.addToExistingApp ? await this.#existingAppDevice(input.addToExistingApp.mitidUuid) : `issued-${mitidUuid}`;
    }
    const identity = identitySchema.parse({
      userId: input.userId,
      kind: 'dedicated',
      uuid: mitidUuid,
      business: { professionalUuid: input.professionalUuid, cvr: input.cvr, name: `${input.givenName} ${input.familyName}` },
      means: [{ type: input.means, ...(device ? { device } : {}), ...(input.pin ? { pin: input.pin } : {}) }],
    });
    // The record first, then the user ID: a crash in between leaves an unreachable record, never a user ID
    // pointing nowhere. Of two processes issuing the same user ID, SET NX lets exactly one win.
    await this.store.set(keys.identity(mitidUuid), JSON.stringify({ identity, mobile: input.mobile, issuedAt: new Date().toISOString() }), ISSUED_TTL_SECONDS);
    if (!(await this.store.setIfAbsent(keys.userId(input.userId), mitidUuid, ISSUED_TTL_SECONDS))) {
      await this.store.delete(keys.identity(mitidUuid));
      throw new MitIdIssuerError('user_id_taken', 'the user ID is taken', 'userId');
    }
    if (input.addToExistingApp && device) await this.store.set(keys.sharedDevice(device), '1', ISSUED_TTL_SECONDS);
    return { mitidUuid };
  }

  async blockMeans({ mitidUuid, means }: { mitidUuid: string; means: Means }): Promise<void> {
    if (this.world.byUuid(mitidUuid)) {
      throw new MitIdIssuerError('fixed_identity', 'identities of the world file are fixed: block their means there ("status": "blocked")');
    }
    const raw = await this.store.get(keys.identity(mitidUuid));
    const record = raw === undefined ? undefined : issuedRecordSchema.parse(JSON.parse(raw));
    if (!record || !record.identity.means.some((held) => held.type === means)) {
      throw new MitIdIssuerError('unknown_identity', 'no such dedicated MitID or means');
    }
    const identity = { ...record.identity, means: record.identity.means.map((held) => (held.type === means ? { ...held, status: 'blocked' as const } : held)) };
    await this.store.set(keys.identity(mitidUuid), JSON.stringify({ ...record, identity }), ISSUED_TTL_SECONDS);
  }

  async #issued(uuid: string): Promise<SimulatorIdentity | undefined> {
    const raw = await this.store.get(keys.identity(uuid));
    if (raw === undefined) return undefined;
    const parsed = issuedRecordSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data.identity : undefined;
  }

  /** The device of the app to join: it must exist, be usable, and already ask its user for a PIN. */
  async #existingAppDevice(mitidUuid: string): Promise<string> {
    const owner = await this.byUuid(mitidUuid);
    const app = owner ? this.meansOf(owner, 'app') : undefined;
    if (!owner || !app || app.status === 'blocked' || app.device === undefined) {
      throw new MitIdIssuerError('existing_app_not_found', 'that MitID has no usable app to add a user to', 'addToExistingApp.mitidUuid');
    }
    if (app.pin === undefined) {
      throw new MitIdIssuerError('existing_app_without_pin', 'the existing app has no PIN; several users in one app each need one', 'addToExistingApp.mitidUuid');
    }
    return app.device;
  }
}
