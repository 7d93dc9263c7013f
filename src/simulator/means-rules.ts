// The simulator's means rules, pure: a means' status for a request, which refusal it earns, the level rule, the lockout count.
import { loaAtLeast, type Loa, type Means } from '../domain/mitid.ts';
import type { SimulatorErrorCode } from './errors.ts';
import type { SimulatorIdentity, SimulatorMeans } from './identities.ts';
import { MEANS_LOA } from './levels.ts';

export type MeansStatus = 'active' | 'blocked' | 'locked' | 'too_low';

/** Attempts before a means locks, as MitID does. */
export const MAX_WRONG_ATTEMPTS = 3;

const CODE_MEANS: ReadonlySet<Means> = new Set<Means>(['code_display', 'code_reader']);

/** Code display and code reader: the means whose step asks for a one-time code. */
export function isCodeMeans(means: Means | undefined): boolean {
  return means !== undefined && CODE_MEANS.has(means);
}

/** Blocked by the issuer beats everything; then the level; a lockout only matters for a means that could be used. */
export function meansStatus(means: SimulatorMeans, required: Loa, locked: boolean): MeansStatus {
  if (means.status === 'blocked') return 'blocked';
  if (!loaAtLeast(MEANS_LOA[means.type], required)) return 'too_low';
  return locked ? 'locked' : 'active';
}

const REFUSAL: Record<Exclude<MeansStatus, 'active'>, SimulatorErrorCode> = {
  blocked: 'means_blocked',
  too_low: 'level_too_low',
  locked: 'means_locked',
};

/** The error a step with a means of this status is refused with; undefined when it may be used. */
export function refusalFor(status: MeansStatus): SimulatorErrorCode | undefined {
  return status === 'active' ? undefined : REFUSAL[status];
}

/** Whether any of the identity's means reaches the level (otherwise the "level not reachable" page). */
export function reachesLevel(identity: SimulatorIdentity, required: Loa): boolean {
  return identity.means.some((means) => loaAtLeast(MEANS_LOA[means.type], required));
}

/** After `wrongCount` wrong codes or PINs in a row: locked, or how many tries are left. */
export function lockoutAfter(wrongCount: number): { locked: boolean; attemptsLeft: number } {
  const attemptsLeft = Math.max(0, MAX_WRONG_ATTEMPTS - wrongCount);
  return { locked: attemptsLeft === 0, attemptsLeft };
}
