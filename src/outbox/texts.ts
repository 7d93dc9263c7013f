// The Danish and English texts of every outbox message, in the shape of src/http/i18n.ts (one catalogue per language).
import { interpolating, type Lang } from '../http/i18n.ts';

const da = {
  'greeting': 'Kære {name}',
  'signature': 'Venlig hilsen\nKontekst – MitID Erhverv',
  'footer': 'Denne e-mail er sendt automatisk. Du kan ikke svare på den.',
  'setup_link.subject': 'Opsæt {organisationName} i MitID Erhverv',
  'setup_link.body': '{organisationName} (CVR {cvr}) er ved at blive tilsluttet MitID Erhverv, og du er valgt som organisationsadministrator. Åbn linket, log på med dit private MitID, og vælg organisationens indstillinger.',
  'setup_link.action': 'Opsæt organisationen',
  'setup_link.expiry': 'Linket udløber {expiresAt}.',
  'activation_link.subject': 'Aktivér din bruger hos {organisationName}',
  'activation_link.body': '{organisationName} (CVR {cvr}) har oprettet en erhvervsbruger til dig i MitID Erhverv. Åbn linket for at aktivere den.',
  'activation_link.action': 'Aktivér din bruger',
  'activation_link.expiry': 'Linket udløber {expiresAt}.',
  'role_granted.subject': 'Du er nu {role} hos {organisationName}',
  'role_granted.body': 'Du har fået rollen {role} i MitID Erhverv for {organisationName} (CVR {cvr}).',
  'role_removed.subject': 'Du er ikke længere {role} hos {organisationName}',
  'role_removed.body': 'Rollen {role} i MitID Erhverv for {organisationName} (CVR {cvr}) er fjernet fra din bruger.',
  'means_blocked.subject': 'Dit identifikationsmiddel er spærret',
  'means_blocked.body.self': 'Du har spærret din {means} til din erhvervsbruger hos {organisationName} (CVR {cvr}). Den kan ikke længere bruges.',
  'means_blocked.body.administrator': 'En brugeradministrator hos {organisationName} (CVR {cvr}) har spærret din {means} til din erhvervsbruger. Den kan ikke længere bruges. Kontakt din brugeradministrator for at få et nyt.',
  'user_deactivated.subject': 'Din bruger hos {organisationName} er deaktiveret',
  'user_deactivated.body': 'Din erhvervsbruger hos {organisationName} (CVR {cvr}) er deaktiveret. Du kan ikke længere logge på på vegne af organisationen.',
  'sms_verification_code.text': 'Din MitID Erhverv-verifikationskode er {code}. Del den ikke med andre.',
  'role.organisation_administrator': 'organisationsadministrator',
  'role.user_administrator': 'brugeradministrator',
  'role.rights_administrator': 'rettighedsadministrator',
  'means.app': 'MitID app',
  'means.code_display': 'MitID kodeviser',
  'means.code_reader': 'MitID kodeoplæser',
  'means.chip': 'MitID chip',
} as const;

export type OutboxTextKey = keyof typeof da;

const en: Record<OutboxTextKey, string> = {
  'greeting': 'Dear {name}',
  'signature': 'Kind regards\nKontekst – MitID Business',
  'footer': 'This e-mail was sent automatically. Please do not reply.',
  'setup_link.subject': 'Set up {organisationName} in MitID Business',
  'setup_link.body': '{organisationName} (CVR {cvr}) is being connected to MitID Business, and you have been chosen as its organisation administrator. Open the link, log in with your private MitID and choose the organisation\'s settings.',
  'setup_link.action': 'Set up the organisation',
  'setup_link.expiry': 'The link expires {expiresAt}.',
  'activation_link.subject': 'Activate your user at {organisationName}',
  'activation_link.body': '{organisationName} (CVR {cvr}) has created a business user for you in MitID Business. Open the link to activate it.',
  'activation_link.action': 'Activate your user',
  'activation_link.expiry': 'The link expires {expiresAt}.',
  'role_granted.subject': 'You are now {role} at {organisationName}',
  'role_granted.body': 'You have been given the role {role} in MitID Business for {organisationName} (CVR {cvr}).',
  'role_removed.subject': 'You are no longer {role} at {organisationName}',
  'role_removed.body': 'The role {role} in MitID Business for {organisationName} (CVR {cvr}) has been removed from your user.',
  'means_blocked.subject': 'Your identification means has been blocked',
  'means_blocked.body.self': 'You blocked your {means} for your business user at {organisationName} (CVR {cvr}). It can no longer be used.',
  'means_blocked.body.administrator': 'A user administrator at {organisationName} (CVR {cvr}) blocked your {means} for your business user. It can no longer be used. Ask your user administrator for a new one.',
  'user_deactivated.subject': 'Your user at {organisationName} has been deactivated',
  'user_deactivated.body': 'Your business user at {organisationName} (CVR {cvr}) has been deactivated. You can no longer log in on behalf of the organisation.',
  'sms_verification_code.text': 'Your MitID Business verification code is {code}. Do not share it with anyone.',
  'role.organisation_administrator': 'organisation administrator',
  'role.user_administrator': 'user administrator',
  'role.rights_administrator': 'rights administrator',
  'means.app': 'MitID app',
  'means.code_display': 'MitID code display',
  'means.code_reader': 'MitID audio code reader',
  'means.chip': 'MitID chip',
};

const catalogues: Record<Lang, Record<OutboxTextKey, string>> = { da, en };

export type OutboxTranslate = (key: OutboxTextKey, params?: Record<string, string>) => string;

export function outboxTranslator(lang: Lang): OutboxTranslate {
  return interpolating(catalogues[lang]);
}
