// The interaction a simulator page belongs to (bound to this browser's cookie), and its posted forms checked against it.
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { z } from 'zod';
import type { Loa } from '../domain/mitid.ts';
import { isStoreOutage } from '../store/errors.ts';
import type { FormTokens } from './csrf.ts';
import { SimulatorError, type PageStep } from './errors.ts';
import { minimumLoa } from './levels.ts';
import { localeFrom } from './messages.ts';

/** What every step knows about the interaction it belongs to. */
export interface Step extends PageStep {
  requiredLoa: Loa;
}

export interface StepLoader {
  /** Loads the live interaction named by the URL and bound to this browser's cookie; refuses anything else. */
  step(ctx: Context & { params: Record<string, string | undefined> }): Promise<Step>;
  /** Validates a posted form: shape first (zod), then the token that binds it to this interaction. */
  form<S extends z.ZodType>(ctx: Context, current: Step, schema: S): z.infer<S>;
}

export function stepLoader(provider: Provider, tokens: FormTokens): StepLoader {
  return {
    async step(ctx) {
      let details: Awaited<ReturnType<Provider['interactionDetails']>>;
      try {
        details = await provider.interactionDetails(ctx.req, ctx.res);
      } catch (error) {
        // Storage down is not an expired login: the boundary answers 503 and the person may retry.
        if (isStoreOutage(error)) throw error;
        throw new SimulatorError('interaction_expired');
      }
      if (details.uid !== ctx.params.uid) throw new SimulatorError('interaction_mismatch');
      const acrValues = details.params.acr_values;
      const current: Step = {
        uid: details.uid,
        locale: localeFrom(details.params.ui_locales),
        requiredLoa: minimumLoa(typeof acrValues === 'string' ? acrValues : undefined),
        csrf: tokens.issue(details.uid),
      };
      // The error boundary renders its page for this interaction, in its language.
      ctx.state.step = current;
      return current;
    },

    form(ctx, current, schema) {
      const parsed = schema.safeParse(ctx.request.body ?? {});
      if (!parsed.success) throw new SimulatorError('invalid_form', parsed.error.issues.map((i) => i.path.join('.')).join(','));
      const { csrf } = parsed.data as { csrf: string };
      if (!tokens.verify(current.uid, csrf)) throw new SimulatorError('interaction_mismatch', 'form token of another interaction');
      return parsed.data;
    },
  };
}
