// Language choice (ui_locales, then Accept-Language, then Danish) and the Danish/English text catalogue.

export type Lang = 'da' | 'en';

/** Picks da or en: an explicit ui_locales wins, then the browser's Accept-Language, then Danish. */
export function pickLang(uiLocales: string | undefined, acceptLanguage: string | undefined): Lang {
  for (const tag of (uiLocales ?? '').split(/\s+/)) {
    const lang = tag.toLowerCase().split('-')[0];
    if (lang === 'da' || lang === 'en') return lang;
  }
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { lang: tag.toLowerCase().split('-')[0], q: Number.isFinite(q) ? q : 0 };
    })
    .filter((entry) => entry.lang === 'da' || entry.lang === 'en')
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.lang as Lang | undefined) ?? 'da';
}

/** The cookie holding the language a person picked with the pages' language switch (see language-switch.ts). */
export const LANG_COOKIE = 'kontekst.lang';
const LANG_COOKIE_PATTERN = /(?:^|;\s*)kontekst\.lang=(da|en)(?:;|$)/;

/** The language the person picked with the switch, read from the Cookie header; undefined when they did not. */
export function chosenLang(cookieHeader: string | undefined): Lang | undefined {
  const value = LANG_COOKIE_PATTERN.exec(cookieHeader ?? '')?.[1];
  return value as Lang | undefined;
}

/**
 * The language of a request's page: the person's own pick (the language switch) first, then the request's
 * ui_locales parameter (when it has one), else the browser's Accept-Language.
 */
export function requestLang(ctx: { get(field: string): string }, uiLocales: unknown): Lang {
  return chosenLang(ctx.get('cookie')) ?? pickLang(typeof uiLocales === 'string' ? uiLocales : undefined, ctx.get('accept-language'));
}

const da = {
  'app.name': 'Kontekst',
  'app.tagline': 'Log på med MitID',
  'header.service': 'Log på {client}',
  'header.with': 'med MitID',
  'lang.switch': 'English',
  'lang.switch.name': 'Read this page in English',
  'footer.label': 'Hjælp og oplysninger',
  'footer.help': 'Hjælp',
  'footer.privacy': 'Privatlivspolitik',
  'footer.accessibility': 'Tilgængelighedserklæring',
  'skip.to.content': 'Gå til indhold',
  'chooser.title': 'Hvordan vil du logge på?',
  'chooser.intro': 'Vælg, om du logger på {client} som privatperson eller på vegne af en virksomhed.',
  'chooser.intro.organisations': 'Vælg, hvilken virksomhed du logger på {client} på vegne af.',
  'chooser.intro.one': 'Bekræft, hvordan du logger på {client}.',
  'chooser.private': 'Som privatperson',
  'chooser.professional': 'På vegne af {org}',
  'chooser.cvr': 'CVR {cvr}',
  'chooser.submit': 'Fortsæt',
  'chooser.not.offered': 'Kan ikke vælges her',
  'chooser.legend': 'Log på som',
  'consent.title': '{client} beder om adgang til dine oplysninger',
  'consent.intro': 'Når du logger på som {context}, får {client} disse oplysninger om dig:',
  'consent.allow': 'Giv adgang',
  'consent.deny': 'Nej tak',
  'consent.context.private': 'privatperson',
  'consent.context.professional': 'medarbejder i {org}',
  'claim.name': 'Navn',
  'claim.birthdate': 'Fødselsdato',
  'claim.email': 'Arbejds-e-mail',
  'claim.dk.cpr': 'CPR-nummer',
  'claim.mitid.uuid': 'MitID-identifikator',
  'claim.professional': 'Organisation og medarbejderidentifikator',
  'claim.professional.privileges': 'Dine rettigheder i organisationen',
  'claim.identity': 'At du er logget på, og hvordan',
  'nocontext.title': 'Du kan ikke logge på her',
  'nocontext.back': 'Tilbage til {client}',
  'nocontext.next': 'Når du går tilbage, får {client} besked om, at du ikke blev logget på, og hvorfor.',
  'error.title': 'Der opstod en fejl',
  'error.back': 'Tilbage',
  'error.generic': 'Vi kunne ikke gennemføre dit login. Gå tilbage til tjenesten, og prøv igen.',
  'error.expired': 'Dit login er udløbet eller allerede brugt. Gå tilbage til tjenesten, og log på igen.',
  'error.forged': 'Dit valg kunne ikke godkendes. Gå tilbage til tjenesten, og log på igen.',
  'error.upstream.unavailable': 'MitID svarer ikke lige nu. Prøv igen om lidt.',
  'error.upstream.cancelled': 'Du afbrød login med MitID.',
  'error.upstream.failed': 'Vi kunne ikke gennemføre dit login med MitID.',
  'error.unavailable': 'Tjenesten er midlertidigt utilgængelig. Prøv igen om lidt.',
  'error.code': 'Fejlkode til tjenestens support',
  'error.oidc.client': 'Tjenesten, der sendte dig hertil, kunne ikke genkendes. Gå tilbage til tjenesten, og prøv igen.',
  'error.oidc.request': 'Tjenesten, der sendte dig hertil, bad om login på en måde, der ikke er tilladt. Fejlen ligger hos tjenesten, ikke hos dig.',
  'error.notfound': 'Siden findes ikke',
  'error.notallowed': 'Siden kan ikke bruges sådan',
  'error.notfound.next': 'Adressen er forkert eller forældet. Gå tilbage til den tjeneste, du ville logge på, og start derfra.',
  'error.tooLarge': 'Formularen var for stor. Gå tilbage til tjenesten, og log på igen.',
  'error.tooMany': 'For mange forsøg fra denne forbindelse. Vent lidt, og prøv igen.',
  'another.mitid': 'Log på med et andet MitID',
  'logout.title': 'Log af',
  'logout.question': 'Vil du logge af?',
  'logout.yes': 'Ja, log af',
  'logout.no': 'Nej, forbliv logget på',
  'logout.done': 'Du er logget af.',
  'continue': 'Fortsæt',
} as const;

export type MessageKey = keyof typeof da;

const en: Record<MessageKey, string> = {
  'app.name': 'Kontekst',
  'app.tagline': 'Log in with MitID',
  'header.service': 'Log in to {client}',
  'header.with': 'with MitID',
  'lang.switch': 'Dansk',
  'lang.switch.name': 'Læs siden på dansk',
  'footer.label': 'Help and information',
  'footer.help': 'Help',
  'footer.privacy': 'Privacy policy',
  'footer.accessibility': 'Accessibility statement',
  'skip.to.content': 'Skip to content',
  'chooser.title': 'How do you want to log in?',
  'chooser.intro': 'Choose whether you log in to {client} as a private person or on behalf of a business.',
  'chooser.intro.organisations': 'Choose which business you log in to {client} on behalf of.',
  'chooser.intro.one': 'Confirm how you log in to {client}.',
  'chooser.private': 'As a private person',
  'chooser.professional': 'On behalf of {org}',
  'chooser.cvr': 'CVR {cvr}',
  'chooser.submit': 'Continue',
  'chooser.not.offered': 'Cannot be chosen here',
  'chooser.legend': 'Log in as',
  'consent.title': '{client} asks for access to your information',
  'consent.intro': 'When you log in as {context}, {client} receives this information about you:',
  'consent.allow': 'Give access',
  'consent.deny': 'No, thanks',
  'consent.context.private': 'a private person',
  'consent.context.professional': 'an employee of {org}',
  'claim.name': 'Name',
  'claim.birthdate': 'Date of birth',
  'claim.email': 'Work email',
  'claim.dk.cpr': 'CPR number',
  'claim.mitid.uuid': 'MitID identifier',
  'claim.professional': 'Organisation and employee identifier',
  'claim.professional.privileges': 'Your rights in the organisation',
  'claim.identity': 'That you are logged in, and how',
  'nocontext.title': 'You cannot log in here',
  'nocontext.back': 'Back to {client}',
  'nocontext.next': 'When you go back, {client} is told that you were not logged in, and why.',
  'error.title': 'Something went wrong',
  'error.back': 'Back',
  'error.generic': 'We could not complete this. Please start again.',
  'error.expired': 'Your login has expired or was already used. Start again at the service.',
  'error.forged': 'The choice could not be accepted. Start again at the service.',
  'error.upstream.unavailable': 'MitID is not answering right now. Please try again shortly.',
  'error.upstream.cancelled': 'You cancelled the MitID login.',
  'error.upstream.failed': 'The MitID login could not be completed.',
  'error.unavailable': 'The service is temporarily unavailable. Please try again shortly.',
  'error.code': "Error code for the service's support",
  'error.oidc.client': 'The service that sent you here could not be recognised. Go back to the service and try again.',
  'error.oidc.request': 'The service that sent you here asked for the login in a way that is not allowed. The fault is with the service, not with you.',
  'error.notfound': 'The page does not exist',
  'error.notallowed': 'The page cannot be used like this',
  'error.notfound.next': 'The address is wrong or out of date. Go back to the service you wanted to log in to and start from there.',
  'error.tooLarge': 'The form was too large. Please start again at the service.',
  'error.tooMany': 'Too many attempts from this connection. Wait a little and try again.',
  'another.mitid': 'Log in with another MitID',
  'logout.title': 'Log out',
  'logout.question': 'Do you want to log out?',
  'logout.yes': 'Yes, log out',
  'logout.no': 'No, stay logged in',
  'logout.done': 'You have been logged out.',
  'continue': 'Continue',
};

const catalogues: Record<Lang, Record<MessageKey, string>> = { da, en };

/** Whether a key from outside the catalogue (the claims table's consent labels) names a message; both languages hold the same keys. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(da, key);
}

export type Translate = (key: MessageKey, params?: Record<string, string>) => string;

/** A translate function over one language's messages; `{name}` placeholders are filled from params. */
export function interpolating<K extends string>(messages: Record<K, string>): (key: K, params?: Record<string, string>) => string {
  return (key, params = {}) => messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

export function translator(lang: Lang): Translate {
  return interpolating(catalogues[lang]);
}
