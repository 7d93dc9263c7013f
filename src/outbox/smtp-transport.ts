// Production e-mail transport: SMTP through nodemailer, one pooled connection set per process.
import nodemailer, { type Transporter } from 'nodemailer';
import type { RenderedEmail } from './render.ts';
import type { EmailTransport } from './transport.ts';

export interface SmtpOptions {
  /** smtp://user:pass@host:587 or smtps://…:465; STARTTLS is used when the server offers it. */
  url: string;
  /** The From address, e.g. "MitID Erhverv <no-reply@example.dk>". */
  from: string;
  /** Per-connection and per-command timeout, so a hung server fails the attempt (and it is retried). */
  timeoutMs?: number;
}

export class SmtpEmailTransport implements EmailTransport {
  readonly #transporter: Transporter;

  constructor(private readonly options: SmtpOptions) {
    const timeout = options.timeoutMs ?? 10_000;
    const url = new URL(options.url);
    const secure = url.protocol === 'smtps:';
    this.#transporter = nodemailer.createTransport({
      host: url.hostname,
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async sendEmail(email: RenderedEmail): Promise<void> {
    await this.#transporter.sendMail({
      from: this.options.from,
      to: { name: email.to.name, address: email.to.address },
      subject: email.subject,
      text: email.text,
      html: email.html,
      // Stable per outbox message: a retry after a lost answer is the same e-mail to the receiving side.
      messageId: `<${email.messageId}@kontekst.outbox>`,
    });
  }

  close(): void {
    this.#transporter.close();
  }
}
