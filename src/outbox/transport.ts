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

/** No transport is configured for a channel: the message is not attempted and stays queued until one is. */
export class NoTransportError extends Error {
  readonly code = 'no_transport';
  constructor(channel: 'e-mail' | 'SMS') {
    super(`no ${channel} transport is configured`);
    this.name = 'NoTransportError';
  }
}

/** The transport of a channel that has none (OUTBOX_TRANSPORT=none, SMS_TRANSPORT=none). */
export const noEmailTransport: EmailTransport = {
  sendEmail: async () => {
    throw new NoTransportError('e-mail');
  },
};

export const noSmsTransport: SmsTransport = {
  sendSms: async () => {
    throw new NoTransportError('SMS');
  },
};
