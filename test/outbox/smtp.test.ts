// SMTP delivery through nodemailer against a real SMTP server started by the test: content, headers, auth, retry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/observability/logger.ts';
import { MemoryOutboxQueue } from '../../src/outbox/memory-source.ts';
import { MemoryOutboxTransport } from '../../src/outbox/memory-transport.ts';
import { renderOutboxMessage, type RenderedEmail } from '../../src/outbox/render.ts';
import { SmtpEmailTransport } from '../../src/outbox/smtp-transport.ts';
import { DeliveryWorker } from '../../src/outbox/worker.ts';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server.ts';
import { messageOf } from './fixtures.ts';
import { ManualClock } from './outbox-queue-contract.ts';

const FROM = 'MitID Erhverv <no-reply@kontekst.example>';
let smtp: TestSmtpServer;
const transports: SmtpEmailTransport[] = [];
const smtpTransport = (url = smtp.url) => {
  const transport = new SmtpEmailTransport({ url, from: FROM, timeoutMs: 3000 });
  transports.push(transport);
  return transport;
};

beforeAll(async () => {
  smtp = await startTestSmtpServer();
});
afterAll(async () => {
  for (const transport of transports) transport.close();
  await smtp.close();
});

describe('SmtpEmailTransport', () => {
  it('delivers a Danish setup e-mail with text, HTML, From, To and a Message-ID made from the outbox id', async () => {
    const message = messageOf('setup_link', 'da');
    const email = renderOutboxMessage(message) as RenderedEmail;
    await smtpTransport().sendEmail(email);
    const mail = smtp.received.at(-1)!;
    expect(mail.envelope).toEqual({ from: 'no-reply@kontekst.example', to: ['birgitte.lund@example.dk'] });
    expect(mail.parsed.subject).toBe('Opsæt Kirk & Co. Bogføring ApS i MitID Erhverv');
    expect(mail.parsed.messageId).toBe(`<${message.id}@kontekst.outbox>`);
    expect(mail.parsed.text).toContain('http://localhost:3000/setup/abc123');
    expect(mail.parsed.html).toContain('href="http://localhost:3000/setup/abc123"');
    expect((mail.parsed.to as { value: { name: string }[] }).value[0]!.name).toBe('Birgitte Lund');
  });

  it('fails the send with a wrong password (so the worker retries), and nothing is accepted', async () => {
    const before = smtp.received.length;
    const wrong = smtp.url.replace('smtp-test-password', 'wrong-password');
    await expect(smtpTransport(wrong).sendEmail(renderOutboxMessage(messageOf('role_granted')) as RenderedEmail)).rejects.toThrow();
    expect(smtp.received.length).toBe(before);
  });

  it('is retried by the worker while the server answers 451, and delivered once it accepts', async () => {
    const clock = new ManualClock();
    const queue = new MemoryOutboxQueue(clock.now);
    const message = messageOf('activation_link', 'en');
    await queue.enqueue(message);
    const worker = new DeliveryWorker({
      source: queue,
      transports: { email: smtpTransport(), sms: new MemoryOutboxTransport() },
      logger: silentLogger(),
      retry: { baseDelayMs: 1000, maxDelayMs: 1000, maxAttempts: 5 },
    });
    smtp.refuseRecipients('451 mailbox busy, try later');
    expect(await worker.runOnce()).toMatchObject({ delivered: 0, retried: 1 });
    smtp.refuseRecipients(undefined);
    clock.advance(1000);
    expect(await worker.runOnce()).toMatchObject({ delivered: 1 });
    const delivered = smtp.received.filter((mail) => mail.parsed.messageId === `<${message.id}@kontekst.outbox>`);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.parsed.subject).toBe('Activate your user at Kirk & Co. Bogføring ApS');
  });
});
