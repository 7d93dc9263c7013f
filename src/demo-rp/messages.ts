// The demo relying party's texts in Danish (default) and English, and the language pick (?lang=en).
import { interpolating } from '../http/i18n.ts';

export type DemoLang = 'da' | 'en';

/** Danish unless the query says English: the demo is for a Danish audience first. */
export function demoLang(value: unknown): DemoLang {
  return value === 'en' ? 'en' : 'da';
}

const da = {
  brand: 'Digital Post',
  'brand.tagline': 'Demo-tjeneste, der logger på gennem Kontekst',
  skip: 'Gå til indhold',
  'lang.other': 'English',
  'lang.other.code': 'en',
  'home.title': 'Digital Post (demo)',
  'home.heading': 'Digital Post — en demo af Kontekst',
  'home.intro':
    'Dette er en lille tjeneste ("relying party"), der logger dig på gennem Kontekst med OpenID Connect (kodeflow med PKCE). Du logger på med MitID-simulatoren, vælger, om du fortsætter som privatperson eller på vegne af en organisation, og ser derefter præcis, hvilke oplysninger tjenesten fik.',
  'home.identities':
    'Prøv fx jens.hansen (privatperson eller Tømrermester Hansen ApS), sofie.berg (to organisationer, ingen privat), mette.larsen (kun privat) eller ole.blocked (afvises).',
  'home.scopes.legend': 'Hvilke oplysninger (scopes) skal tjenesten bede om?',
  'home.cvr.label': 'Bestemt virksomhed (CVR-nummer, valgfrit)',
  'home.cvr.help':
    'Sendes som login_hint=professional:cvr:<CVR> med alle knapper undtagen "som privatperson". Prøv 34567891 med jens.hansen for at se en afvisning.',
  'home.login.legend': 'Log på',
  'home.signedin': 'Du er logget på {context}.',
  'home.loggedout': 'Du er logget af Digital Post.',
  'login.any': 'Log på',
  'login.private': 'Log på som privatperson',
  'login.professional': 'Log på for en virksomhed',
  'login.select': 'Log på og vælg igen',
  'scope.openid': 'hvem du er (altid med)',
  'scope.profile': 'navn (og fødselsdato som privatperson)',
  'scope.email': 'arbejds-e-mail (for en virksomhed)',
  'scope.professional': 'organisation, CVR og medarbejderidentifikator',
  'scope.privileges': 'dine rettigheder i organisationen',
  'scope.cpr': 'CPR-nummer (kun privatperson; tjenesten skal have lov)',
  'scope.mitid': 'MitID-identifikator (kun privatperson; tjenesten skal have lov)',
  'scope.offline_access': 'refresh token (kræver samtykke: prompt=consent)',
  'context.private': 'som privatperson',
  'context.professional': 'på vegne af {org} (CVR {cvr})',
  'context.professional.unnamed': 'på vegne af en virksomhed (bed om scopet "professional" for at se hvilken)',
  'context.unknown': 'i en ukendt rolle',
  'result.title': 'Du er logget på',
  'result.heading': 'Du er logget på {context}',
  'result.login': 'Logget på med {idp}, sikringsniveau {acr}.',
  'result.idtoken': 'ID-tokenets claims',
  'result.userinfo': 'Userinfo-svarets claims',
  'result.scope': 'Tildelte scopes (tokensvarets "scope")',
  'result.refresh.yes': 'Et refresh token blev udstedt (vises ikke).',
  'result.refresh.no': 'Intet refresh token blev udstedt.',
  'result.switch': 'Skift mellem privat og virksomhed',
  'result.logout': 'Log af',
  'result.home': 'Til forsiden',
  'result.none': 'Ingen.',
  'table.claim': 'Claim',
  'table.value': 'Værdi',
  'error.title': 'Login mislykkedes',
  'error.technical': 'Teknisk detalje til tjenestens udviklere',
  'refusal.cancelled.title': 'Login afbrudt',
  'refusal.cancelled': 'Du afbrød login. Du er ikke logget på, og du kan prøve igen.',
  'refusal.consent_denied': 'Du sagde nej til at give Digital Post adgang til dine oplysninger. Du er ikke logget på.',
  'refusal.access_denied':
    'Du kan ikke logge på Digital Post på den måde, du valgte. Prøv igen, eventuelt som privatperson eller for en anden virksomhed.',
  'refusal.unmet': 'Dit MitID nåede ikke det sikringsniveau, som Digital Post kræver. Prøv igen med et andet MitID-middel, fx MitID-chip.',
  'refusal.unavailable': 'MitID eller login-tjenesten er midlertidigt utilgængelig. Prøv igen om lidt.',
  'refusal.server': 'Der opstod en fejl i login-tjenesten. Prøv igen om lidt.',
  'refusal.login_again': 'Du skal logge på igen.',
  'refusal.request':
    'Digital Post bad om login på en måde, som login-tjenesten ikke accepterer. Fejlen ligger hos Digital Post, ikke hos dig.',
  'error.code': 'Fejlkode',
  'error.description': 'Beskrivelse',
  'error.nodescription': '(ingen beskrivelse)',
  'error.expired': 'Dette login er udløbet eller allerede brugt. Start forfra.',
  'error.invalid': 'Forespørgslen var ugyldig: {detail}',
  'error.unavailable': 'Kontekst svarer ikke lige nu. Prøv igen om lidt.',
  'error.generic': 'Noget gik galt i tjenesten. Start forfra.',
  'error.again': 'Til forsiden',
} as const;

export type DemoMessageKey = keyof typeof da;

const en: Record<DemoMessageKey, string> = {
  brand: 'Digital Post',
  'brand.tagline': 'A demo service that logs in through Kontekst',
  skip: 'Skip to content',
  'lang.other': 'Dansk',
  'lang.other.code': 'da',
  'home.title': 'Digital Post (demo)',
  'home.heading': 'Digital Post — a Kontekst demo',
  'home.intro':
    'This is a small service ("relying party") that logs you in through Kontekst with OpenID Connect (code flow with PKCE). You log in with the MitID simulator, choose whether to continue as a private person or on behalf of an organisation, and then see exactly what the service received.',
  'home.identities':
    'Try for example jens.hansen (private person or Tømrermester Hansen ApS), sofie.berg (two organisations, no private), mette.larsen (private only) or ole.blocked (refused).',
  'home.scopes.legend': 'Which information (scopes) should the service ask for?',
  'home.cvr.label': 'A specific organisation (CVR number, optional)',
  'home.cvr.help':
    'Sent as login_hint=professional:cvr:<CVR> with every button except "as private person". Try 34567891 with jens.hansen to see a refusal.',
  'home.login.legend': 'Log in',
  'home.signedin': 'You are logged in {context}.',
  'home.loggedout': 'You have been logged out of Digital Post and Kontekst.',
  'login.any': 'Log in',
  'login.private': 'Log in as private person',
  'login.professional': 'Log in for a business',
  'login.select': 'Log in and choose again',
  'scope.openid': 'who you are (always included)',
  'scope.profile': 'name (and date of birth as a private person)',
  'scope.email': 'work email (for a business)',
  'scope.professional': 'organisation, CVR and employee identifier',
  'scope.privileges': 'your rights in the organisation',
  'scope.cpr': 'CPR number (private person only; the service must be entitled)',
  'scope.mitid': 'MitID identifier (private person only; the service must be entitled)',
  'scope.offline_access': 'refresh token (needs consent: prompt=consent)',
  'context.private': 'as a private person',
  'context.professional': 'on behalf of {org} (CVR {cvr})',
  'context.professional.unnamed': 'on behalf of an organisation (ask for the "professional" scope to see which)',
  'context.unknown': 'in an unknown role',
  'result.title': 'You are logged in',
  'result.heading': 'You are logged in {context}',
  'result.login': 'Logged in with {idp}, level of assurance {acr}.',
  'result.idtoken': 'ID token claims',
  'result.userinfo': 'Userinfo claims',
  'result.scope': 'Granted scopes (the token response\'s "scope")',
  'result.refresh.yes': 'A refresh token was issued (not shown).',
  'result.refresh.no': 'No refresh token was issued.',
  'result.switch': 'Switch between private and business',
  'result.logout': 'Log out',
  'result.home': 'Home',
  'result.none': 'None.',
  'table.claim': 'Claim',
  'table.value': 'Value',
  'error.title': 'Login failed',
  'error.technical': "Technical detail for the service's developers",
  'refusal.cancelled.title': 'Login cancelled',
  'refusal.cancelled': 'You cancelled the login. You are not logged in, and you can try again.',
  'refusal.consent_denied': 'You said no to giving Digital Post access to your information. You are not logged in.',
  'refusal.access_denied':
    'You cannot log in to Digital Post the way you chose. Try again, perhaps as a private person or for another business.',
  'refusal.unmet':
    'Your MitID did not reach the level of assurance Digital Post requires. Try again with another MitID means, such as the MitID chip.',
  'refusal.unavailable': 'MitID or the login service is temporarily unavailable. Please try again shortly.',
  'refusal.server': 'Something went wrong in the login service. Please try again shortly.',
  'refusal.login_again': 'You need to log in again.',
  'refusal.request':
    'Digital Post asked for the login in a way the login service does not accept. The fault is with Digital Post, not with you.',
  'error.code': 'Error code',
  'error.description': 'Description',
  'error.nodescription': '(no description)',
  'error.expired': 'This login has expired or was already used. Please start again.',
  'error.invalid': 'The request was not valid: {detail}',
  'error.unavailable': 'Kontekst is not answering right now. Please try again shortly.',
  'error.generic': 'Something went wrong in the service. Please start again.',
  'error.again': 'Home',
};

const catalogues: Record<DemoLang, Record<DemoMessageKey, string>> = { da, en };

export type DemoTranslate = (key: DemoMessageKey, params?: Record<string, string>) => string;

export function demoTranslator(lang: DemoLang): DemoTranslate {
  return interpolating(catalogues[lang]);
}
