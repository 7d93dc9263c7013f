// Parses the home page's login form and builds the authorization request (PKCE S256, state, nonce, hints).
import { z } from 'zod';
import {
  buildAuthorizationUrl,
  calculatePKCECodeChallenge,
  randomNonce,
  randomPKCECodeVerifier,
  randomState,
  type Configuration,
} from 'openid-client';
import { demoLang, type DemoLang } from './messages.ts';

/** The scopes the demo offers, in the order the form shows them. */
export const DEMO_SCOPES = ['openid', 'profile', 'email', 'professional', 'privileges', 'cpr', 'mitid', 'offline_access'] as const;
export type DemoScope = (typeof DEMO_SCOPES)[number];

/** Checked on the home page unless the person changes them. */
export const DEFAULT_SCOPES: readonly DemoScope[] = ['openid', 'profile', 'email', 'professional'];

const scopeList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  // Accepts repeated `scope=` (checkboxes) and space-separated lists (links) alike.
  .transform((value) =>
    value === undefined
      ? []
      : [value]
          .flat()
          .flatMap((part) => part.split(/\s+/))
          .filter(Boolean),
  )
  .pipe(z.array(z.enum(DEMO_SCOPES, { error: (issue) => `unknown scope "${String(issue.input)}"` })));

export const loginQuerySchema = z.object({
  lang: z.unknown().optional().transform(demoLang),
  hint: z.enum(['any', 'private', 'professional']).default('any'),
  cvr: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .pipe(
      z
        .string()
        .regex(/^\d{8}$/, 'a CVR number has 8 digits')
        .optional(),
    ),
  prompt: z.enum(['select_account']).optional(),
  scope: scopeList,
});

export interface LoginChoice {
  lang: DemoLang;
  hint: 'any' | 'private' | 'professional';
  cvr?: string;
  selectAccount: boolean;
  scopes: DemoScope[];
}

export type ParsedLoginQuery = { ok: true; choice: LoginChoice } | { ok: false; lang: DemoLang; detail: string };

export function parseLoginQuery(query: Record<string, unknown>): ParsedLoginQuery {
  const parsed = loginQuerySchema.safeParse(query);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; ');
    return { ok: false, lang: demoLang(query['lang']), detail };
  }
  const { lang, hint, cvr, prompt, scope } = parsed.data;
  // openid is what makes this OpenID Connect; it is always asked for, first.
  const scopes = DEMO_SCOPES.filter((s) => s === 'openid' || scope.includes(s));
  return { ok: true, choice: { lang, hint, cvr, selectAccount: prompt === 'select_account', scopes } };
}

/** Kontekst's login_hint grammar: `private`, `professional`, `professional:cvr:<CVR>`. */
export function loginHintFor(choice: Pick<LoginChoice, 'hint' | 'cvr'>): string | undefined {
  if (choice.hint === 'private') return 'private';
  if (choice.cvr) return `professional:cvr:${choice.cvr}`;
  return choice.hint === 'professional' ? 'professional' : undefined;
}

/** What the callback needs to finish this login; kept server-side only. */
export interface PendingLogin {
  codeVerifier: string;
  state: string;
  nonce: string;
  lang: DemoLang;
  scopes: DemoScope[];
}

export async function buildLoginRequest(
  oidc: Configuration,
  redirectUri: string,
  choice: LoginChoice,
): Promise<{ url: URL; pending: PendingLogin }> {
  const codeVerifier = randomPKCECodeVerifier();
  const state = randomState();
  const nonce = randomNonce();
  const prompts: string[] = [];
  if (choice.selectAccount) addPrompt(prompts, 'select_account');
  // oidc-provider only honours offline_access (a refresh token) together with prompt=consent.
  if (choice.scopes.includes('offline_access')) addPrompt(prompts, 'consent');

  const parameters: Record<string, string> = {
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: choice.scopes.join(' '),
    code_challenge: await calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ui_locales: choice.lang,
  };
  const loginHint = loginHintFor(choice);
  if (loginHint) parameters['login_hint'] = loginHint;
  if (prompts.length > 0) parameters['prompt'] = prompts.join(' ');

  return {
    url: buildAuthorizationUrl(oidc, parameters),
    pending: { codeVerifier, state, nonce, lang: choice.lang, scopes: choice.scopes },
  };
}

function addPrompt(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}
