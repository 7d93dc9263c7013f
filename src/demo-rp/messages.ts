// The demo relying party's texts in Danish (default) and English, and the language pick (?lang=en).
import { interpolating } from '../http/i18n.ts';

export type DemoLang = 'da' | 'en';

/** Danish unless the query says English: the demo is for a Danish audience first. */
export function demoLang(value: unknown): DemoLang {
  return value === 'en' ? 'en' : 'da';
}

const da = {
  'brand': 'Digital Post',
  'brand.tagline': 'Demo-tjeneste, der logger ind gennem Kontekst',
  'skip': 'Gå til indhold',
  'lang.other': 'English',
  'lang.other.code': 'en',
  'home.title': 'Digital Post (demo)',
  'home.heading': 'Digital Post — en demo af Kontekst',
  'home.intro':
    'Dette er en lille tjeneste ("relying party"), der logger dig ind gennem Kontekst med OpenID Connect (kodeflow med PKCE). Du logger ind med MitID-simulatoren, vælger om du fortsætter som privatperson eller på vegne af en organisation, og ser derefter præcis hvilke oplysninger tjenesten fik.',
  'home.identities':
    'Prøv fx jens.hansen (privatperson eller Tømrermester Hansen ApS), sofie.berg (to organisationer, ingen privat), mette.larsen (kun privat) eller ole.blocked (afvises).',
  'home.scopes.legend': 'Hvilke oplysninger (scopes) skal tjenesten bede om?',
  'home.cvr.label': 'Bestemt organisation (CVR-nummer, valgfrit)',
  'home.cvr.help': 'Sendes som login_hint=professional:cvr:<CVR> med alle knapper undtagen "som privatperson". Prøv 34567891 med jens.hansen for at se en afvisning.',
  'home.login.legend': 'Log ind',
  'home.signedin': 'Du er logget ind {context}.',
  'home.loggedout': 'Du er logget ud af Digital Post og Kontekst.',
  'login.any': 'Log ind',
  'login.private': 'Log ind som privatperson',
  'login.professional': 'Log ind som virksomhed',
  'login.select': 'Log ind og vælg igen',
  'scope.openid': 'hvem du er (altid med)',
  'scope.profile': 'navn (og fødselsdato som privatperson)',
  'scope.email': 'arbejds-e-mail (som virksomhed)',
  'scope.professional': 'organisation, CVR og medarbejderidentifikator',
  'scope.privileges': 'dine rettigheder i organisationen',
  'scope.cpr': 'CPR-nummer (kun privatperson; tjenesten skal have lov)',
  'scope.mitid': 'MitID-identifikator (kun privatperson; tjenesten skal have lov)',
  'scope.offline_access': 'refresh token (kræver samtykke: prompt=consent)',
  'context.private': 'som privatperson',
  'context.professional': 'på vegne af {org} (CVR {cvr})',
  'context.professional.unnamed': 'på vegne af en organisation (bed om scopet "professional" for at se hvilken)',
  'context.unknown': 'i en ukendt sammenhæng',
  'result.title': 'Du er logget ind',
  'result.heading': 'Du er logget ind {context}',
  'result.login': 'Logget ind med {idp}, sikringsniveau {acr}.',
  'result.idtoken': 'ID-tokenets claims',
  'result.userinfo': 'Userinfo-svarets claims',
  'result.scope': 'Tildelte scopes (tokensvarets "scope")',
  'result.refresh.yes': 'Et refresh token blev udstedt (vises ikke).',
  'result.refresh.no': 'Intet refresh token blev udstedt.',
  'result.switch': 'Skift sammenhæng',
  'result.logout': 'Log ud',
  'result.home': 'Til forsiden',
  'result.none': 'Ingen.',
  'table.claim': 'Claim',
  'table.value': 'Værdi',
  'error.title': 'Login mislykkedes',
  'error.kontekst': 'Kontekst afviste login og svarede tjenesten med en OIDC-fejl:',
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
  'brand': 'Digital Post',
  'brand.tagline': 'A demo service that logs in through Kontekst',
  'skip': 'Skip to content',
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
  'home.cvr.help': 'Sent as login_hint=professional:cvr:<CVR> with every button except "as private person". Try 34567891 with jens.hansen to see a refusal.',
  'home.login.legend': 'Log in',
  'home.signedin': 'You are logged in {context}.',
  'home.loggedout': 'You have been logged out of Digital Post and Kontekst.',
  'login.any': 'Log in',
  'login.private': 'Log in as private person',
  'login.professional': 'Log in as business',
  'login.select': 'Log in and choose again',
  'scope.openid': 'who you are (always included)',
  'scope.profile': 'name (and date of birth as a private person)',
  'scope.email': 'work email (as business)',
  'scope.professional': 'organisation, CVR and employee identifier',
  'scope.privileges': 'your rights in the organisation',
  'scope.cpr': 'CPR number (private person only; the service must be entitled)',
  'scope.mitid': 'MitID identifier (private person only; the service must be entitled)',
  'scope.offline_access': 'refresh token (needs consent: prompt=consent)',
  'context.private': 'as a private person',
  'context.professional': 'on behalf of {org} (CVR {cvr})',
  'context.professional.unnamed': 'on behalf of an organisation (ask for the "professional" scope to see which)',
  'context.unknown': 'in an unknown context',
  'result.title': 'You are logged in',
  'result.heading': 'You are logged in {context}',
  'result.login': 'Logged in with {idp}, level of assurance {acr}.',
  'result.idtoken': 'ID token claims',
  'result.userinfo': 'Userinfo claims',
  'result.scope': 'Granted scopes (the token response\'s "scope")',
  'result.refresh.yes': 'A refresh token was issued (not shown).',
  'result.refresh.no': 'No refresh token was issued.',
  'result.switch': 'Switch context',
  'result.logout': 'Log out',
  'result.home': 'Home',
  'result.none': 'None.',
  'table.claim': 'Claim',
  'table.value': 'Value',
  'error.title': 'Login failed',
  'error.kontekst': 'Kontekst refused the login and answered the service with an OIDC error:',
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
