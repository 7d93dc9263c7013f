// `kontekst keys …`: signing-key rotation without downtime (add → rolling restart → promote → rolling restart → retire).
import type { Command } from 'commander';
import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  KeyRotationError,
  ROLLOUT_GRACE_SECONDS,
  ROTATABLE_ALGS,
  SigningKeySet,
  generateSigningKey,
  type KeyInfo,
} from '../../oidc/key-rotation.ts';
import { KeyError, readJwksFile, UPSTREAM_CLIENT_JWKS_FILE, writeFileAtomically } from '../../oidc/keys.ts';
import { CliError } from '../errors.ts';
import { table } from '../output.ts';
import type { CliRuntime } from '../runtime.ts';
import type { Action } from './action.ts';

const RESTART = 'Processes read signing keys at start: do a rolling restart of every Kontekst process to apply this.';

function iso(epoch: number | undefined): string {
  return epoch === undefined ? '-' : new Date(epoch * 1000).toISOString();
}

/** Kontekst's key for the MitID broker, made once with the production key set; an existing one is kept. */
async function createUpstreamClientKey(dir: string): Promise<string | undefined> {
  const path = join(dir, UPSTREAM_CLIENT_JWKS_FILE);
  if (await readJwksFile(path)) return undefined;
  const key = { ...(await generateSigningKey('ES256', Math.floor(Date.now() / 1000))), kid: `upstream-${randomUUID().slice(0, 8)}` };
  await writeFileAtomically(path, { keys: [key] });
  return key.kid;
}

function keyDir(runtime: CliRuntime): string {
  if (runtime.config.signingJwks) {
    throw new CliError(
      'signing keys come from SIGNING_JWKS (the environment); rotate them where that value is kept, or use KEYS_DIR files',
    );
  }
  return runtime.config.keysDir;
}

async function withKeys<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof KeyRotationError || error instanceof KeyError) throw new CliError(error.message);
    throw error;
  }
}

function publicInfo(info: KeyInfo) {
  return {
    kid: info.kid,
    alg: info.alg,
    status: info.status,
    added_at: info.addedAt,
    promoted_at: info.promotedAt,
    demoted_at: info.demotedAt,
    retirable_at: info.retirableAt,
  };
}

export function registerKeyCommands(program: Command, action: Action): void {
  const keys = program.command('keys').description(`signing keys in KEYS_DIR/signing.jwks.json. ${RESTART}`);

  keys
    .command('list')
    .description('keys and their state: active (signs), next (published only), retiring (published until its tokens expired)')
    .action(
      action(async (runtime) =>
        withKeys(async () => {
          const set = await SigningKeySet.open(keyDir(runtime));
          const infos = set.list(await runtime.maxSignedTokenLifetimeSeconds());
          return {
            human: table(
              ['KID', 'ALG', 'STATUS', 'ADDED', 'PROMOTED', 'RETIRE AFTER'],
              infos.map((info) => [
                info.kid,
                info.alg,
                info.status,
                iso(info.addedAt),
                iso(info.promotedAt),
                info.status === 'active' ? '-' : iso(info.retirableAt) === '-' ? 'now' : iso(info.retirableAt),
              ]),
            ),
            json: infos.map(publicInfo),
          };
        }),
      ),
    );

  keys
    .command('init')
    .description('create a fresh production key set (one signing key per algorithm, and the upstream client key) where there is none')
    .action(
      action(async (runtime) =>
        withKeys(async () => {
          const set = await SigningKeySet.create(keyDir(runtime));
          const infos = set.list(0);
          const upstream = await createUpstreamClientKey(runtime.config.keysDir);
          const upstreamLine = upstream
            ? `\nCreated ${upstream} in ${UPSTREAM_CLIENT_JWKS_FILE} (private_key_jwt at the MitID broker; public key at /upstream/jwks.json).`
            : '';
          return {
            human: `Created ${infos.map((info) => `${info.kid} (${info.alg})`).join(', ')} in ${set.dir}.${upstreamLine}`,
            json: { signing: infos.map(publicInfo), upstream_client_kid: upstream ?? null },
          };
        }),
      ),
    );

  keys
    .command('add')
    .description('generate a key and publish it in the JWKS without signing with it')
    .option('--alg <alg>', `${ROTATABLE_ALGS.join(' or ')}`, 'RS256')
    .action(
      action(async (runtime, raw) =>
        withKeys(async () => {
          const alg = z.enum(ROTATABLE_ALGS).safeParse(raw['alg']);
          if (!alg.success) throw new CliError(`--alg: must be one of ${ROTATABLE_ALGS.join(', ')}`, 2);
          const set = await SigningKeySet.open(keyDir(runtime));
          const info = await set.add(alg.data);
          return {
            human: `Added ${info.kid} (${info.alg}): published, not signing. ${RESTART}\nThen, once verifiers had time to fetch the JWKS: kontekst keys promote ${info.kid}`,
            json: publicInfo(info),
          };
        }),
      ),
    );

  keys
    .command('promote <kid>')
    .description('make the key the signing key of its algorithm; the previous one stays published')
    .action(
      action(async (runtime, _raw, kid) =>
        withKeys(async () => {
          const set = await SigningKeySet.open(keyDir(runtime));
          const lifetime = await runtime.maxSignedTokenLifetimeSeconds();
          const { promoted, demoted } = await set.promote(kid);
          const after = demoted ? set.list(lifetime).find((info) => info.kid === demoted.kid)?.retirableAt : undefined;
          return {
            human: [
              `${promoted.kid} now signs ${promoted.alg} tokens.${demoted ? ` ${demoted.kid} stays published for verifiers.` : ''} ${RESTART}`,
              ...(demoted
                ? [
                    `Retire ${demoted.kid} after ${iso(after)} (longest token lifetime ${lifetime} s + ${ROLLOUT_GRACE_SECONDS} s for the restart): kontekst keys retire ${demoted.kid}`,
                  ]
                : []),
            ].join('\n'),
            json: { promoted: publicInfo(promoted), demoted: demoted ? publicInfo({ ...demoted, retirableAt: after }) : undefined },
          };
        }),
      ),
    );

  keys
    .command('retire <kid>')
    .description('remove a key from the JWKS once every token signed with it has expired')
    .option('--force', 'retire even though tokens signed with it may still be valid')
    .action(
      action(async (runtime, raw, kid) =>
        withKeys(async () => {
          const set = await SigningKeySet.open(keyDir(runtime));
          const info = await set.retire(kid, {
            maxTokenLifetimeSeconds: await runtime.maxSignedTokenLifetimeSeconds(),
            force: raw['force'] === true,
          });
          return { human: `Retired ${info.kid} (${info.alg}): no longer published. ${RESTART}`, json: { retired: publicInfo(info) } };
        }),
      ),
    );
}
