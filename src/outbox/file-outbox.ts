// The development outbox: each sent e-mail or SMS is one JSON file in OUTBOX_DIR, read back by the /dev/outbox viewer.
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { RenderedEmail, RenderedMessage, RenderedSms } from './render.ts';
import type { EmailTransport, SmsTransport } from './transport.ts';

export interface StoredOutboxFile {
  /** When the transport wrote it (ISO 8601). */
  sentAt: string;
  message: RenderedMessage;
}

const storedSchema = z.object({
  sentAt: z.iso.datetime(),
  message: z.discriminatedUnion('channel', [
    z.object({
      channel: z.literal('email'),
      messageId: z.uuid(),
      to: z.object({ address: z.string(), name: z.string() }),
      subject: z.string(),
      text: z.string(),
      html: z.string(),
    }),
    z.object({ channel: z.literal('sms'), messageId: z.uuid(), to: z.string(), text: z.string() }),
  ]),
}) satisfies z.ZodType<StoredOutboxFile, unknown>;

const MESSAGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class FileOutbox implements EmailTransport, SmsTransport {
  constructor(
    readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async sendEmail(email: RenderedEmail): Promise<void> {
    await this.#write(email);
  }

  async sendSms(sms: RenderedSms): Promise<void> {
    await this.#write(sms);
  }

  /** Newest first; unreadable files (hand-edited, half-written by another tool) are skipped. */
  async list(): Promise<StoredOutboxFile[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const ids = names.filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -'.json'.length));
    const files = await Promise.all(ids.map((id) => this.get(id)));
    return files.filter((file) => file !== undefined).sort((a, b) => b.sentAt.localeCompare(a.sentAt));
  }

  /** One message by its id; undefined for anything that is not a stored message id. */
  async get(id: string): Promise<StoredOutboxFile | undefined> {
    if (!MESSAGE_ID.test(id)) return undefined;
    try {
      const parsed = storedSchema.safeParse(JSON.parse(await readFile(join(this.dir, `${id}.json`), 'utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  // The file is named by the message id, so a retried send replaces the first copy instead of adding a second.
  // Written to a temporary name and renamed, so the viewer never reads half a file.
  async #write(message: RenderedMessage): Promise<void> {
    if (!MESSAGE_ID.test(message.messageId)) throw new Error('outbox message id must be a UUID');
    await mkdir(this.dir, { recursive: true });
    const file: StoredOutboxFile = { sentAt: this.now().toISOString(), message };
    const target = join(this.dir, `${message.messageId}.json`);
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, target);
  }
}
