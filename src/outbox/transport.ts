// The transport ports: e-mail and SMS senders, and the dispatch of a rendered message to the right one.
import type { RenderedEmail, RenderedMessage, RenderedSms } from './render.ts';

export interface EmailTransport {
  /** Resolves once the e-mail is accepted for delivery; rejects when it should be tried again later. */
  sendEmail(email: RenderedEmail): Promise<void>;
}

export interface SmsTransport {
  sendSms(sms: RenderedSms): Promise<void>;
}

export interface OutboxTransports {
  email: EmailTransport;
  sms: SmsTransport;
}

export function dispatch(transports: OutboxTransports, rendered: RenderedMessage): Promise<void> {
  return rendered.channel === 'email' ? transports.email.sendEmail(rendered) : transports.sms.sendSms(rendered);
}
