// Whether a user may use a means right now (the pure rules plus the lockout counters), and counting wrong codes/PINs.
import type { Context } from 'koa';
import type { Loa, Means } from '../domain/mitid.ts';
import type { Limiter } from '../ratelimit/limiter.ts';
import { SimulatorError } from './errors.ts';
import type { SimulatorIdentity, SimulatorMeans } from './identities.ts';
import type { IdentityRegistry } from './identity-registry.ts';
import type { MeansLockout } from './lockout.ts';
import { meansStatus, refusalFor, type MeansStatus } from './means-rules.ts';

export class MeansAccess {
  constructor(
    private readonly directory: IdentityRegistry,
    private readonly lockout: MeansLockout,
    /** Wrong codes / PINs per source address, across users: a guesser trying many user IDs is slowed too. */
    private readonly wrongCodesPerSource: Limiter,
  ) {}

  async statusOf(identity: SimulatorIdentity, means: SimulatorMeans, required: Loa): Promise<MeansStatus> {
    return meansStatus(means, required, await this.lockout.isLocked(identity.uuid, means.type));
  }

  /** The user's chosen means, refused unless it is theirs, unblocked, unlocked and strong enough. */
  async usable(identity: SimulatorIdentity, type: Means, required: Loa): Promise<SimulatorMeans> {
    const means = this.directory.meansOf(identity, type);
    if (!means) throw new SimulatorError('means_not_available');
    const refusal = refusalFor(await this.statusOf(identity, means, required));
    if (refusal) throw new SimulatorError(refusal);
    return means;
  }

  /** Before a code or PIN is judged: a source over its limit of wrong tries is refused (429) without judging. */
  async refuseBusySource(ctx: Context): Promise<void> {
    const state = await this.wrongCodesPerSource.peek(ctx.ip);
    if (state.reached) throw new SimulatorError('too_many_attempts', 'wrong codes per source', state.retryAfterSeconds);
  }

  /** One wrong code or PIN: counted for the user's means (the third locks it) and for the source. */
  async recordWrong(ctx: Context, identity: SimulatorIdentity, means: Means): Promise<{ locked: boolean; attemptsLeft: number }> {
    const [outcome] = await Promise.all([this.lockout.recordWrongAttempt(identity.uuid, means), this.wrongCodesPerSource.hit(ctx.ip)]);
    return outcome;
  }

  /** A completed login forgets the user's wrong tries with that means. */
  async clear(identity: SimulatorIdentity, means: Means): Promise<void> {
    await this.lockout.clear(identity.uuid, means);
  }
}
