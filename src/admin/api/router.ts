// The admin REST API under /admin/api/v1: thin — authenticate, validate with the operation's zod schemas, call the service, answer problem+json on refusal.
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import type { z } from 'zod';
import { ADMIN_API_PATH } from '../../domain/admin-api.ts';
import { isStoreUnavailable } from '../../store/errors.ts';
import type { Logger } from '../../observability/logger.ts';
import type { Principal } from '../context.ts';
import { AdminError, isAdminError, problemOf } from '../errors.ts';
import type { AdminService } from '../service.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { OPERATIONS, type Operation } from './operations.ts';
import { withCsvUpload, type CsvUpload } from './csv-upload.ts';
import { DEFAULT_CSV_LIMITS } from '../import/csv-reader.ts';

export const ADMIN_API_PREFIX = ADMIN_API_PATH;
const BODY_LIMIT = '64kb';

/** Turns a request's credentials into a principal, or undefined when there are none or they are not valid. */
export type AdminAuthenticator = (ctx: Context) => Promise<Principal | undefined>;

export interface AdminApiOptions {
  service: AdminService;
  authenticate: AdminAuthenticator;
  logger: Logger;
  /** Told each operation's outcome ('ok' or the error code) for metrics; never who or what. */
  onOutcome?: (operationId: string, outcome: string) => void;
}

/** `/organisations/{cvr}` → `/organisations/:cvr` for @koa/router. */
export function routerPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

function problem(ctx: Context, error: AdminError): void {
  ctx.status = error.status;
  ctx.type = 'application/problem+json';
  ctx.body = problemOf(error);
  if (error.status === 401) ctx.set('WWW-Authenticate', 'Bearer');
}

/** Everything a client can send ends as problem+json; only storage outages are 503, and nothing else is 5xx. */
function errorHandler(logger: Logger) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
    } catch (error) {
      if (isAdminError(error)) return problem(ctx, error);
      const status = (error as { status?: number }).status;
      if (status === 413) return problem(ctx, new AdminError('payload_too_large', 'the body is too large'));
      if (status === 415) return problem(ctx, new AdminError('unsupported_media_type', 'send application/json'));
      if (status !== undefined && status >= 400 && status < 500)
        return problem(ctx, new AdminError('invalid_input', 'the body is not valid JSON'));
      if (isStoreUnavailable(error)) {
        ctx.status = 503;
        ctx.type = 'application/problem+json';
        ctx.set('Retry-After', '5');
        ctx.body = {
          type: 'urn:kontekst:admin:error:temporarily_unavailable',
          title: 'storage is temporarily unavailable',
          status: 503,
          code: 'temporarily_unavailable',
        };
        return;
      }
      logger.error({ err: error, path: ctx.path, method: ctx.method }, 'admin API failure');
      ctx.status = 500;
      ctx.type = 'application/problem+json';
      ctx.body = { type: 'urn:kontekst:admin:error:internal', title: 'internal error', status: 500, code: 'internal' };
    }
  };
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = [where, ...issue.path.map(String)].join('.');
  // The message names the rule, never the value (it may be a CPR).
  throw new AdminError('invalid_input', `${field}: ${issue.message}`, field);
}

/** `If-Match: "3"` (or W/"3") → 3; anything else is bad input. */
function ifMatchOf(ctx: Context): number | undefined {
  const header = ctx.get('If-Match');
  if (!header) return undefined;
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!match) throw new AdminError('invalid_input', 'If-Match must be an ETag this API gave', 'If-Match');
  return Number(match[1]);
}

function idempotencyKeyOf(ctx: Context): string | undefined {
  const key = ctx.get('Idempotency-Key');
  if (!key) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key))
    throw new AdminError('invalid_input', 'Idempotency-Key must be 1-200 visible ASCII characters', 'Idempotency-Key');
  return key;
}

/** An import file: `text/csv`, refused at once when its declared length is over the import's limit. */
function csvUploadOf<T>(ctx: Context, run: (upload: CsvUpload) => Promise<T>): Promise<T> {
  if (!ctx.is('text/csv')) throw new AdminError('unsupported_media_type', 'send the file as text/csv');
  if (Number(ctx.get('Content-Length') || 0) > DEFAULT_CSV_LIMITS.maxBytes) {
    ctx.set('Connection', 'close');
    throw new AdminError('payload_too_large', `an import file may be at most ${DEFAULT_CSV_LIMITS.maxBytes / 2 ** 20} MiB`);
  }
  return withCsvUpload(ctx.req, run);
}

function handler(operation: Operation, options: AdminApiOptions) {
  return async (ctx: Context) => {
    try {
      await run(ctx, operation, options);
      options.onOutcome?.(operation.operationId, 'ok');
    } catch (error) {
      options.onOutcome?.(operation.operationId, isAdminError(error) ? error.code : 'error');
      throw error;
    }
  };
}

async function run(ctx: Context, operation: Operation, options: AdminApiOptions): Promise<void> {
  const principal = await options.authenticate(ctx);
  if (!principal) throw new AdminError('unauthenticated', 'a valid bearer access token for the admin API is required');
  const params = parse(operation.params, ctx.params, 'path');
  const query = parse(operation.query, { ...ctx.query }, 'query');
  let body: unknown;
  if (operation.body) {
    if (!ctx.is('application/json')) throw new AdminError('unsupported_media_type', 'send application/json');
    body = parse(operation.body, (ctx.request as unknown as { body?: unknown }).body, 'body');
  }
  const input = {
    principal,
    params,
    query,
    body,
    ...(operation.conditional ? { ifMatch: ifMatchOf(ctx) } : {}),
    ...(operation.idempotent ? { idempotencyKey: idempotencyKeyOf(ctx) } : {}),
  };
  const answer = operation.csvUpload
    ? await csvUploadOf(ctx, (upload) => operation.run(options.service, { ...input, upload }))
    : await operation.run(options.service, input);
  ctx.set('Cache-Control', 'no-store');
  if (operation.jsonLines) {
    ctx.type = 'application/x-ndjson';
    ctx.body = answer;
    return;
  }
  const version = etagVersionOf(answer);
  if (version !== undefined) ctx.set('ETag', `"${version}"`);
  ctx.status = operation.status ?? 200;
  ctx.body = answer;
}

/** The version of the record an answer is about (a record, or `{ user }` / `{ organisation }` around one). */
function etagVersionOf(answer: unknown): number | undefined {
  if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return undefined;
  const record = answer as Record<string, unknown>;
  if (typeof record.version === 'number') return record.version;
  const inner = (record.user ?? record.organisation) as Record<string, unknown> | undefined;
  return typeof inner?.version === 'number' ? inner.version : undefined;
}

export function createAdminApiRouter(options: AdminApiOptions): Router {
  const router = new Router({ prefix: ADMIN_API_PREFIX });
  const document = buildOpenApiDocument();
  router.use(errorHandler(options.logger));
  router.use(
    bodyParser({
      enableTypes: ['json'],
      jsonLimit: BODY_LIMIT,
      // Strict JSON: a body must be an object or array, which every operation with a body expects anyway.
      jsonStrict: true,
      onError: (error) => {
        throw error;
      },
    }),
  );
  router.get('/openapi.json', (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = document;
  });
  for (const operation of OPERATIONS)
    router[operation.method](operation.operationId, routerPath(operation.path), handler(operation, options));
  // Anything else under the prefix: a problem, not the provider's HTML 404.
  router.all('/*rest', () => {
    throw new AdminError('not_found', 'no such resource');
  });
  return router;
}
