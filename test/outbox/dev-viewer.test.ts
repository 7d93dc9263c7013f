// The /dev/outbox viewer: lists what the file outbox wrote, shows each message with clickable links; absent in production.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Koa from 'koa';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { createOutbox } from '../../src/outbox/index.ts';
import { createDevOutboxRouter } from '../../src/outbox/dev-viewer.ts';
import { FileOutbox } from '../../src/outbox/file-outbox.ts';
import { renderOutboxMessage, type RenderedEmail } from '../../src/outbox/render.ts';
import { startKontekst, type RunningKontekst } from '../support/kontekst.ts';
import { messageOf } from './fixtures.ts';
import { PRODUCTION_ENV } from '../support/production-env.ts';

let dir: string;
let outbox: FileOutbox;
let app: Koa;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kontekst-outbox-'));
  outbox = new FileOutbox(dir);
  app = new Koa();
  app.use(createDevOutboxRouter(outbox).routes());
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileOutbox', () => {
  it('writes one file per message id, so a retried send replaces it', async () => {
    const email = renderOutboxMessage(messageOf('activation_link')) as RenderedEmail;
    await outbox.sendEmail(email);
    await outbox.sendEmail(email);
    const stored = (await outbox.list()).filter((file) => file.message.messageId === email.messageId);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.message).toEqual(email);
  });

  it('skips files that are not outbox messages and refuses ids that are not UUIDs', async () => {
    await writeFile(join(dir, '00000000-0000-4000-8000-000000000000.json'), '{"broken":');
    expect(await outbox.get('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(await outbox.get('../../etc/passwd')).toBeUndefined();
  });
});

describe('the viewer', () => {
  it('lists e-mails and SMS, newest first, and shows a message with its link clickable', async () => {
    const setup = renderOutboxMessage(messageOf('setup_link', 'en')) as RenderedEmail;
    await outbox.sendEmail(setup);
    await outbox.sendSms(renderOutboxMessage(messageOf('sms_verification_code')) as never);
    const list = await request(app.callback()).get('/dev/outbox').expect(200);
    expect(list.text).toContain('Set up Kirk &amp; Co. Bogføring ApS in MitID Business');
    expect(list.text).toContain('+4520304050');
    expect(list.text).toContain(`href="/dev/outbox/${setup.messageId}"`);

    const page = await request(app.callback()).get(`/dev/outbox/${setup.messageId}`).expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('<a href="http://localhost:3000/setup/abc123">');
    expect(page.text).toContain('Birgitte Lund &lt;birgitte.lund@example.dk&gt;');

    const html = await request(app.callback()).get(`/dev/outbox/${setup.messageId}/html`).expect(200);
    expect(html.text).toContain('<html lang="en">');
  });

  it('answers 404 pages for unknown or malformed ids', async () => {
    await request(app.callback()).get('/dev/outbox/11111111-1111-4111-8111-111111111111').expect(404);
    await request(app.callback()).get('/dev/outbox/..%2F..%2Fpackage').expect(404);
  });
});

describe('mounting', () => {
  let dev: RunningKontekst;
  beforeAll(async () => {
    dev = await startKontekst({ env: { OUTBOX_DIR: dir } });
  });
  afterAll(async () => {
    await dev?.close();
  });

  it('serves /dev/outbox in development', async () => {
    const response = await fetch(`${dev.url}/dev/outbox`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Development outbox');
  });

  it('never builds the viewer in production, whatever the transport', () => {
    const production = loadConfig({ ...PRODUCTION_ENV });
    expect(createOutbox(production.outbox, { production: true }).devRouters).toEqual([]);
    // Even a file outbox (which configuration refuses in production) would not be shown.
    expect(createOutbox({ ...production.outbox, email: { transport: 'file' } }, { production: true }).devRouters).toEqual([]);
    expect(createOutbox({ ...production.outbox, email: { transport: 'file' } }, { production: false }).devRouters).toHaveLength(1);
  });
});
