// Serves the few static assets (the stylesheet) from public/, read once at start.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Router from '@koa/router';

export const PUBLIC_DIR = join(import.meta.dirname, '..', '..', 'public');

export async function createStaticRouter(): Promise<Router> {
  const css = await readFile(join(PUBLIC_DIR, 'kontekst.css'));
  const router = new Router();
  router.get('/assets/kontekst.css', (ctx) => {
    ctx.type = 'text/css; charset=utf-8';
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = css;
  });
  return router;
}
