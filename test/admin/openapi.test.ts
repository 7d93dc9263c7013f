// The OpenAPI document: served, OpenAPI 3.1, every route of the router documented and every documented operation routed.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ADMIN_API_PREFIX, createAdminApiRouter, routerPath } from '../../src/admin/api/router.ts';
import { adminApiHarness, OPERATOR } from './support.ts';
import { createLogger } from '../../src/observability/logger.ts';

describe('OpenAPI document', () => {
  it('is served at /admin/api/v1/openapi.json and documents exactly the routes the router has', async () => {
    const h = await adminApiHarness();
    const res = await request(h.app.callback()).get(`${ADMIN_API_PREFIX}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(res.body.paths as Record<string, Record<string, { operationId: string }>>)) {
      for (const method of Object.keys(item)) documented.add(`${method.toUpperCase()} ${ADMIN_API_PREFIX}${routerPath(path)}`);
    }
    const router = createAdminApiRouter({
      service: h.service,
      authenticate: async () => undefined,
      logger: createLogger({ level: 'silent' }),
    });
    const routed = new Set<string>();
    for (const layer of router.stack) {
      if (!layer.name) continue; // middleware, the openapi.json route itself and the catch-all carry no operation name
      for (const method of layer.methods.filter((name) => name !== 'HEAD')) routed.add(`${method} ${layer.path}`);
    }
    expect(routed.size).toBeGreaterThan(20);
    expect([...routed].sort()).toEqual([...documented].sort());
  });

  it('documents each request body with its zod schema (bad fields are refused as documented)', async () => {
    const h = await adminApiHarness();
    const document = (await request(h.app.callback()).get(`${ADMIN_API_PREFIX}/openapi.json`)).body;
    const create = document.paths['/organisations/{cvr}/users'].post;
    expect(create.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/CreateBusinessUser');
    const schema = document.components.schemas.CreateBusinessUser;
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['givenName', 'familyName', 'email', 'cpr', 'birthDate']));
    const refused = await request(h.app.callback())
      .post(`${ADMIN_API_PREFIX}/organisations`)
      .set('Authorization', OPERATOR)
      .send({ unknownField: true });
    expect(refused.status).toBe(400);
  });
});
