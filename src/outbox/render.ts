// Renders an outbox message to what a transport sends: an e-mail (subject, text, simple HTML) or an SMS text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ejs from 'ejs';
import { VIEWS_DIR } from '../http/views.ts';
import type { OutboxMessage } from './message.ts';
import { outboxTranslator, type OutboxTranslate } from './texts.ts';

export interface RenderedEmail {
  channel: 'email';
  /** The outbox message id; also the Message-ID, so a retried send can be recognised as the same e-mail. */
  messageId: string;
  to: { address: string; name: string };
  subject: string;
  text: string;
  html: string;
}

export interface RenderedSms {
  channel: 'sms';
  messageId: string;
  to: string;
  text: string;
}

export type RenderedMessage = RenderedEmail | RenderedSms;

type EmailMessage = Exclude<OutboxMessage, { kind: 'sms_verification_code' }>;

interface EmailContent {
  subject: string;
  paragraphs: string[];
  action?: { label: string; href: string };
}

const EMAIL_TEMPLATE = join(VIEWS_DIR, 'outbox', 'email.ejs');
let emailTemplate: ejs.TemplateFunction | undefined;

/** The HTML template, compiled on first use (ejs escapes every `<%= %>` value). */
function emailHtml(locals: Record<string, unknown>): string {
  emailTemplate ??= ejs.compile(readFileSync(EMAIL_TEMPLATE, 'utf8'), { filename: EMAIL_TEMPLATE });
  return emailTemplate(locals);
}

/** Times in e-mails are Danish wall-clock time, as the recipients live by it. */
function formatTime(iso: string, lang: OutboxMessage['language']): string {
  return new Intl.DateTimeFormat(lang === 'da' ? 'da-DK' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Copenhagen',
  }).format(new Date(iso));
}

function emailContent(message: EmailMessage, t: OutboxTranslate): EmailContent {
  const org = { organisationName: message.data.organisationName, cvr: message.data.cvr };
  switch (message.kind) {
    case 'setup_link':
    case 'activation_link': {
      const expiresAt = formatTime(message.data.expiresAt, message.language);
      return {
        subject: t(`${message.kind}.subject`, org),
        paragraphs: [t(`${message.kind}.body`, org), t(`${message.kind}.expiry`, { expiresAt })],
        action: { label: t(`${message.kind}.action`), href: message.data.link },
      };
    }
    case 'role_granted':
    case 'role_removed': {
      const params = { ...org, role: t(`role.${message.data.role}`) };
      return { subject: t(`${message.kind}.subject`, params), paragraphs: [t(`${message.kind}.body`, params)] };
    }
    case 'means_blocked': {
      const params = { ...org, means: t(`means.${message.data.means}`) };
      return { subject: t('means_blocked.subject', params), paragraphs: [t(`means_blocked.body.${message.data.blockedBy}`, params)] };
    }
    case 'user_deactivated':
      return { subject: t('user_deactivated.subject', org), paragraphs: [t('user_deactivated.body', org)] };
  }
}

function renderEmail(message: EmailMessage): RenderedEmail {
  const t = outboxTranslator(message.language);
  const content = emailContent(message, t);
  const greeting = t('greeting', { name: message.recipient.name });
  const signature = t('signature');
  const footer = t('footer');
  const text = [
    `${greeting},`,
    ...content.paragraphs,
    ...(content.action ? [`${content.action.label}: ${content.action.href}`] : []),
    signature,
    footer,
  ].join('\n\n');
  const html = emailHtml({ lang: message.language, greeting, signature, footer, ...content, action: content.action });
  return {
    channel: 'email',
    messageId: message.id,
    to: { address: message.recipient.address, name: message.recipient.name },
    subject: content.subject,
    text: `${text}\n`,
    html,
  };
}

/** Renders a (validated) message in its own language. */
export function renderOutboxMessage(message: OutboxMessage): RenderedMessage {
  if (message.kind === 'sms_verification_code') {
    const t = outboxTranslator(message.language);
    return {
      channel: 'sms',
      messageId: message.id,
      to: message.recipient.mobile,
      text: t('sms_verification_code.text', { code: message.data.code }),
    };
  }
  return renderEmail(message);
}
