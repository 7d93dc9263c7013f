// Brings the directory up at start: seeds the demo world only into an empty directory, never over administrators' changes.
import type { DirectoryRepository } from '../directory/repository.ts';
import type { DirectoryWorld } from '../directory/world.ts';
import type { Logger } from '../observability/logger.ts';
import type { AdminService } from './service.ts';

export const SEED_ACTOR = { kind: 'operator', clientId: 'kontekst-seed' } as const;

/**
 * A directory that carries its marker is left alone. One with organisations but no marker (written before the
 * marker existed) is adopted. An empty one is seeded from the world when there is one (development, WORLD_FILE);
 * otherwise it stays missing: `kontekst directory import FILE` or `kontekst directory init` bring it up.
 */
export async function ensureDirectory(
  service: AdminService,
  directory: DirectoryRepository,
  world: (() => Promise<DirectoryWorld>) | undefined,
  logger: Logger,
): Promise<'present' | 'adopted' | 'seeded' | 'missing'> {
  if (await directory.isPresent()) return 'present';
  if ((await directory.organisationRecords()).length > 0) {
    await directory.markPresent();
    return 'adopted';
  }
  if (!world) {
    logger.error(
      'the directory is empty and no WORLD_FILE is set: not ready until `kontekst directory init` or `kontekst directory import FILE`',
    );
    return 'missing';
  }
  const report = await service.importDirectory(SEED_ACTOR, await world());
  logger.info(report, 'seeded the empty directory');
  return 'seeded';
}

/** Readiness of the directory: a missing marker (e.g. Redis restarted empty) is not ready, and said loudly once. */
export function directoryReadiness(directory: DirectoryRepository, logger: Logger): () => Promise<boolean> {
  let lastKnown = true;
  return async () => {
    const present = await directory.isPresent();
    if (!present && lastKnown) logger.error('the directory is missing (its marker is gone: was storage emptied?); not ready');
    if (present && !lastKnown) logger.info('the directory is back');
    lastKnown = present;
    return present;
  };
}
