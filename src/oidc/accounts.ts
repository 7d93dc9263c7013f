// findAccount: turns an account ID (a chosen context) into the claims that context may release.
import type { Account, FindAccount } from 'oidc-provider';
import { CLAIMS_BY_SCOPE } from '../contexts/claims-profile.ts';
import { releaseClaims } from '../contexts/claims.ts';
import type { ActingContext } from '../domain/context.ts';
import type { DirectoryReader } from '../directory/repository.ts';
import { parseAccountId } from './account-id.ts';
import { kontekstMetadataOf } from './client-metadata.ts';
import type { PersonStore } from './person-store.ts';

/**
 * The scopes a release considers: the granted scopes plus the scopes whose claims the `claims` parameter asked
 * for by name (OIDC Core §5.5). The provider then masks the result to what was granted and requested, and
 * releaseClaims still applies the context's allow-list and the client's entitlements.
 */
export function scopesForRelease(scope: string, requested: Record<string, unknown> | undefined): string[] {
  const scopes = new Set(scope.split(' ').filter(Boolean));
  for (const claim of Object.keys(requested ?? {})) {
    for (const [name, claims] of Object.entries(CLAIMS_BY_SCOPE)) {
      if ((claims as readonly string[]).includes(claim)) scopes.add(name);
    }
  }
  return [...scopes];
}

type Release = Pick<Parameters<typeof releaseClaims>[0], 'context' | 'subject'>;

/** The context and the subject facts behind an account, or undefined when the account no longer stands. */
async function resolve(
  deps: { directory: DirectoryReader; persons: PersonStore },
  ref: NonNullable<ReturnType<typeof parseAccountId>>,
): Promise<Release | undefined> {
  if (ref.type === 'private') {
    const person = await deps.persons.find(ref.mitidUuid);
    // Without the person's snapshot (expired) the tokens of this context stop working: no guessing.
    return person ? { context: { type: 'private' }, subject: { type: 'private', ...person } } : undefined;
  }
  const { businessUser, organisation } = (await deps.directory.getBusinessUserWithOrganisation(ref.businessUserUuid)) ?? {};
  // A business user blocked or deleted, or an organisation disconnected, ends every token of that context.
  if (!businessUser || businessUser.status !== 'active' || !organisation || organisation.status !== 'connected') {
    return undefined;
  }
  const context: ActingContext = { type: 'professional', cvr: organisation.cvr, orgName: organisation.name, businessUserUuid: businessUser.uuid };
  return { context, subject: { type: 'professional', businessUser, organisation } };
}

export function createFindAccount(deps: { directory: DirectoryReader; persons: PersonStore }): FindAccount {
  return async (ctx, accountId): Promise<Account | undefined> => {
    const ref = parseAccountId(accountId);
    // At resume the chooser has just checked this account and the code flow releases no claims there:
    // skip the storage read. Every later use (token, userinfo, refresh) checks the account again.
    if (ref && ctx.oidc?.route === 'resume') return { accountId, claims: () => ({ sub: accountId }) };
    const release = ref ? await resolve(deps, ref) : undefined;
    if (!ref || !release) return undefined;
    return {
      accountId,
      claims: (_use, scope, requested) => ({
        sub: accountId,
        ...releaseClaims({
          ...release,
          scopes: scopesForRelease(scope, requested),
          entitlements: kontekstMetadataOf(ctx.oidc?.client).entitlements,
          idp: ref.idp,
        }),
      }),
    };
  };
}
