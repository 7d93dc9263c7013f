// /dev/outbox: a development page listing what the file outbox wrote, and each message with its links. Never in production.
import Router from '@koa/router';
import type { Context } from 'koa';
import { sendPage } from '../http/views.ts';
import type { FileOutbox, StoredOutboxFile } from './file-outbox.ts';

const LINK = /https?:\/\/[^\s<>"]+/g;

function summary(file: StoredOutboxFile): { id: string; sentAt: string; channel: string; to: string; subject: string } {
  const { message } = file;
  return {
    id: message.messageId,
    sentAt: file.sentAt,
    channel: message.channel,
    to: message.channel === 'email' ? `${message.to.name} <${message.to.address}>` : message.to,
    subject: message.channel === 'email' ? message.subject : message.text,
  };
}

async function notFound(ctx: Context): Promise<void> {
  await sendPage(ctx, 'error', {
    lang: 'en',
    title: 'Not found',
    status: 404,
    data: { heading: 'Not found', message: 'There is no such message in the outbox.' },
  });
}

export function createDevOutboxRouter(outbox: FileOutbox): Router {
  const router = new Router({ prefix: '/dev/outbox' });

  router.get('/', async (ctx) => {
    const messages = (await outbox.list()).map(summary);
    await sendPage(ctx, 'outbox/viewer-list', { lang: 'en', title: 'Development outbox', data: { messages, dir: outbox.dir } });
  });

  router.get('/:id', async (ctx) => {
    const file = await outbox.get(ctx.params.id!);
    if (!file) return notFound(ctx);
    const item = summary(file);
    const links = [...new Set(file.message.text.match(LINK) ?? [])];
    await sendPage(ctx, 'outbox/viewer-message', { lang: 'en', title: item.subject, data: { ...item, links, text: file.message.text } });
  });

  // The e-mail's own HTML document, as a mail client would show it (our security headers still apply).
  router.get('/:id/html', async (ctx) => {
    const file = await outbox.get(ctx.params.id!);
    if (file?.message.channel !== 'email') return notFound(ctx);
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = file.message.html;
  });

  return router;
}
