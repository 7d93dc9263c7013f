// The setup link's wizard for the first organisation administrator: settings, preferred means, contact details, summary, confirm.
import type Router from '@koa/router';
import type { Context as KoaContext, Middleware } from 'koa';
import { z } from 'zod';
import type { AdminService } from '../admin/service.ts';
import { organisationSetupSchema, type OrganisationSetupInput } from '../admin/schemas.ts';
import { MEANS } from '../domain/mitid.ts';
import type { ActivationFlow, ActivationFlows } from './flow-store.ts';
import { attempt, page, refuse, t } from './page-helpers.ts';

type RequireFlow = (ctx: KoaContext, options?: { proven?: boolean; csrf?: boolean }) => Promise<{ flow: ActivationFlow; handle: string }>;

/** The wizard's form as a browser sends it (checkboxes: one value or several; yes/no radios). */
const wizardFormSchema = z
  .object({
    privateMitIdAllowed: z.enum(['yes', 'no']),
    allowedMeans: z.union([z.enum(MEANS), z.array(z.enum(MEANS))]).transform((value) => (Array.isArray(value) ? value : [value])),
    preferredMeans: z.enum(MEANS),
    sharedMeansAllowed: z.enum(['yes', 'no']),
    email: z.string().trim(),
    phone: z.string().trim().optional(),
  })
  .transform(({ privateMitIdAllowed, sharedMeansAllowed, phone, ...rest }) => ({
    ...rest,
    privateMitIdAllowed: privateMitIdAllowed === 'yes',
    sharedMeansAllowed: sharedMeansAllowed === 'yes',
    ...(phone ? { phone } : {}),
  }))
  .pipe(organisationSetupSchema)
  .refine((input) => input.allowedMeans.includes(input.preferredMeans), {
    path: ['preferredMeans'],
    message: 'the preferred means must be allowed',
  });

export function addSetupRoutes(
  router: Router,
  admin: AdminService,
  flows: ActivationFlows,
  requireFlow: RequireFlow,
  forms: Middleware,
): void {
  router.get('/activation/:id/setup', async (ctx) => {
    const { flow } = await requireFlow(ctx, { proven: true });
    await wizardPage(ctx, admin, flow, flow.setup ?? {});
  });

  router.post('/activation/:id/setup', forms, async (ctx) => {
    const { flow, handle } = await requireFlow(ctx, { proven: true, csrf: true });
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const parsed = wizardFormSchema.safeParse(body);
    if (!parsed.success) return wizardPage(ctx, admin, flow, body, String(parsed.error.issues[0]?.path[0] ?? 'email'), 400);
    await flows.save(handle, { ...flow, setup: parsed.data });
    const summary = await admin.readActivation(flow.activationId);
    await page(ctx, 'activation/setup-summary', t(ctx)('setup.summary.title'), 200, {
      flow,
      answers: parsed.data,
      organisationName: summary.organisationName,
    });
  });

  router.post('/activation/:id/setup/confirm', forms, async (ctx) => {
    const { flow, handle } = await requireFlow(ctx, { proven: true, csrf: true });
    if (!flow.setup) return wizardPage(ctx, admin, flow, {}, undefined, 400);
    const done = await attempt(admin.completeOrganisationSetup(flow.activationId, flow.proof!, flow.setup as OrganisationSetupInput));
    if (!done.ok) return refuse(ctx, done.refusal, 409);
    const { setup: _setup, ...rest } = flow;
    await flows.save(handle, rest);
    ctx.redirect(`/activation/${flow.activationId}/choose`);
  });
}

async function wizardPage(
  ctx: KoaContext,
  admin: AdminService,
  flow: ActivationFlow,
  values: Record<string, unknown>,
  invalidField?: string,
  status = 200,
) {
  const summary = await admin.readActivation(flow.activationId);
  const m = t(ctx);
  const allowed = values['allowedMeans'];
  await page(ctx, 'activation/setup', m('setup.title', { org: summary.organisationName }), status, {
    flow,
    organisationName: summary.organisationName,
    means: MEANS,
    values: {
      privateMitIdAllowed: values['privateMitIdAllowed'] === true || values['privateMitIdAllowed'] === 'yes',
      sharedMeansAllowed: values['sharedMeansAllowed'] === true || values['sharedMeansAllowed'] === 'yes',
      allowedMeans: Array.isArray(allowed) ? allowed : typeof allowed === 'string' ? [allowed] : [],
      preferredMeans: typeof values['preferredMeans'] === 'string' ? values['preferredMeans'] : '',
      email: typeof values['email'] === 'string' ? values['email'] : '',
      phone: typeof values['phone'] === 'string' ? values['phone'] : '',
    },
    invalidField,
  });
}
