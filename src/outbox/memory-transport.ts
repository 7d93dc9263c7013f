// In-memory e-mail and SMS transport for tests: keeps what was sent, in order.
import type { RenderedEmail, RenderedMessage, RenderedSms } from './render.ts';
import type { EmailTransport, SmsTransport } from './transport.ts';

export class MemoryOutboxTransport implements EmailTransport, SmsTransport {
  readonly sent: RenderedMessage[] = [];

  async sendEmail(email: RenderedEmail): Promise<void> {
    this.sent.push(email);
  }

  async sendSms(sms: RenderedSms): Promise<void> {
    this.sent.push(sms);
  }
}
