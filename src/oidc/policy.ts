// Interaction policy: when a login must run again (context not accepted, login_hint or acr not met) and select_account.
import { errors, interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import { safeParseLoginHint } from '../contexts/login-hint.ts';
import { acrToLoa, loaAtLeast, requiredLoaOf } from '../domain/mitid.ts';
import { parseAccountId } from './account-id.ts';
import { kontekstMetadataOf } from './client-metadata.ts';
import type { DirectoryReader } from '../directory/repository.ts';

const { Prompt, Check, base } = interactionPolicy;

function sessionAccount(ctx: KoaContextWithOIDC) {
  const accountId = ctx.oidc.session?.accountId;
  return accountId ? parseAccountId(accountId) : undefined;
}

/**
 * The session's context may not suit this request; then the person logs in again (one click through the
 * upstream MitID session) and chooses — never a silent hand-over of the wrong context.
 */
export function createPolicy(directory: DirectoryReader) {
  const policy = base();
  const login = policy.get('login')!;

  login.checks.push(
    new Check('context_not_accepted', 'the session context is not accepted by the client', (ctx) => {
      const account = sessionAccount(ctx);
      if (!account) return Check.NO_NEED_TO_PROMPT;
      const accepted: readonly string[] = kontekstMetadataOf(ctx.oidc.client).identity_types;
      return accepted.includes(account.type) ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
    }),
    new Check('login_hint_context', 'the session context does not match login_hint', async (ctx) => {
      const account = sessionAccount(ctx);
      const parsed = safeParseLoginHint(ctx.oidc.params?.['login_hint'] as string | undefined);
      if (!account || (parsed.ok && parsed.hint.kind === 'any')) return Check.NO_NEED_TO_PROMPT;
      // A malformed hint prompts: the journey then refuses it as invalid_request before any login.
      if (!parsed.ok || parsed.hint.kind !== account.type) return Check.REQUEST_PROMPT;
      const cvr = parsed.hint.kind === 'professional' ? parsed.hint.cvr : undefined;
      if (cvr === undefined || account.type !== 'professional') return Check.NO_NEED_TO_PROMPT;
      const user = await directory.getBusinessUser(account.businessUserUuid);
      return user?.cvr === cvr ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
    }),
    new Check('acr_not_met', 'the session level of assurance is below acr_values', (ctx) => {
      const required = requiredLoaOf(ctx.oidc.params?.['acr_values'] as string | undefined);
      if (!required || !ctx.oidc.session?.accountId) return Check.NO_NEED_TO_PROMPT;
      const reached = acrToLoa(ctx.oidc.session.acr ?? '');
      if (reached && loaAtLeast(reached, required)) return Check.NO_NEED_TO_PROMPT;
      // Checked on return as well: a login just finished below the minimum is refused, never re-prompted in a loop.
      if (ctx.oidc.result?.['login']) {
        throw new errors.CustomOIDCProviderError(
          'unmet_authentication_requirements',
          'the login did not reach the level of assurance requested in acr_values',
        );
      }
      return Check.REQUEST_PROMPT;
    }),
  );

  // prompt=select_account: always show the chooser (after a fresh pass through upstream MitID).
  policy.splice(1, 0, new Prompt({ name: 'select_account', requestable: true }));
  return policy;
}
