// The admin API's operations as one table: method, path, permission, zod schemas and the service call. The router and the OpenAPI document are both built from it.
// Over 250 lines on purpose: it is the one table of every admin API operation, so the router and the OpenAPI document
// cannot drift apart; each row is a few declarative lines.
import type { z } from 'zod';
import type { Principal } from '../context.ts';
import type { Command } from '../roles.ts';
import * as s from '../schemas.ts';
import type { AdminService } from '../service.ts';
import type { CsvUpload } from './csv-upload.ts';
import { IMPORT_OPERATIONS } from './import-operations.ts';

/** What the router hands an operation: validated input plus the conventions' headers. */
export interface OperationInput<P, Q, B> {
  principal: Principal;
  params: P;
  query: Q;
  body: B;
  /** The version from `If-Match` (updates), if sent. */
  ifMatch?: number;
  /** `Idempotency-Key` (creates), if sent. */
  idempotencyKey?: string;
  /** The `text/csv` body (operations with `csvUpload`). */
  upload?: CsvUpload;
}

// biome-ignore lint/suspicious/noExplicitAny: the route table holds operations of every parameter, query and body type
export interface Operation<P = any, Q = any, B = any> {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI-style path below /admin/api/v1 (`{name}` parameters). */
  path: string;
  command: Command;
  summary: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  answer: z.ZodType;
  /** 201 for creates. */
  status?: 200 | 201;
  /** Answered as `application/x-ndjson` text. */
  jsonLines?: boolean;
  /** Accepts an Idempotency-Key. */
  idempotent?: boolean;
  /** Takes If-Match. */
  conditional?: boolean;
  /** Takes a `text/csv` body (an import file) instead of JSON. */
  csvUpload?: boolean;
  run(service: AdminService, input: OperationInput<P, Q, B>): Promise<unknown>;
}

function op<P, Q, B>(operation: Operation<P, Q, B>): Operation<P, Q, B> {
  return operation;
}

export const OPERATIONS: Operation[] = [
  op({
    operationId: 'connectOrganisation',
    method: 'post',
    path: '/organisations',
    command: 'organisations.connect',
    summary: 'Connect an organisation and name its first organisation administrator',
    body: s.connectOrganisationSchema,
    answer: s.connectAnswer,
    status: 201,
    idempotent: true,
    run: (service, { principal, body, idempotencyKey }) => service.connectOrganisation(principal, body, idempotencyKey),
  }),
  op({
    operationId: 'listOrganisations',
    method: 'get',
    path: '/organisations',
    command: 'organisations.list',
    summary: 'List organisations',
    answer: s.organisationAnswer.array(),
    run: (service, { principal }) => service.listOrganisations(principal),
  }),
  op({
    operationId: 'readOrganisation',
    method: 'get',
    path: '/organisations/{cvr}',
    command: 'organisations.read',
    summary: 'Read an organisation',
    params: s.cvrParams,
    answer: s.organisationAnswer,
    run: (service, { principal, params }) => service.readOrganisation(principal, params.cvr),
  }),
  op({
    operationId: 'updateOrganisationSettings',
    method: 'patch',
    path: '/organisations/{cvr}/settings',
    command: 'organisations.settings',
    summary: 'Change the organisation settings',
    params: s.cvrParams,
    body: s.settingsPatchSchema,
    answer: s.organisationChangeAnswer,
    conditional: true,
    run: (service, { principal, params, body, ifMatch }) => service.updateSettings(principal, params.cvr, body, ifMatch),
  }),
  op({
    operationId: 'disconnectOrganisation',
    method: 'post',
    path: '/organisations/{cvr}/disconnect',
    command: 'organisations.disconnect',
    summary: 'Disconnect an organisation (final)',
    params: s.cvrParams,
    answer: s.organisationChangeAnswer,
    conditional: true,
    run: (service, { principal, params, ifMatch }) => service.disconnectOrganisation(principal, params.cvr, ifMatch),
  }),
  op({
    operationId: 'listUsers',
    method: 'get',
    path: '/organisations/{cvr}/users',
    command: 'users.list',
    summary: 'List business users (state filter, cursor pagination)',
    params: s.cvrParams,
    query: s.userListQuery,
    answer: s.userPageAnswer,
    run: (service, { principal, params, query }) => service.listUsers(principal, params.cvr, query),
  }),
  op({
    operationId: 'createUser',
    method: 'post',
    path: '/organisations/{cvr}/users',
    command: 'users.create',
    summary: 'Create a business user',
    params: s.cvrParams,
    body: s.createUserSchema,
    answer: s.userAnswer,
    status: 201,
    idempotent: true,
    run: (service, { principal, params, body, idempotencyKey }) => service.createUser(principal, params.cvr, body, idempotencyKey),
  }),
  op({
    operationId: 'readUser',
    method: 'get',
    path: '/organisations/{cvr}/users/{uuid}',
    command: 'users.read',
    summary: 'Read a business user',
    params: s.userParams,
    answer: s.userAnswer,
    run: (service, { principal, params }) => service.readUser(principal, params.cvr, params.uuid),
  }),
  op({
    operationId: 'updateUser',
    method: 'patch',
    path: '/organisations/{cvr}/users/{uuid}',
    command: 'users.update',
    summary: 'Change a business user',
    params: s.userParams,
    body: s.updateUserSchema,
    answer: s.userAnswer,
    conditional: true,
    run: (service, { principal, params, body, ifMatch }) => service.updateUser(principal, params.cvr, params.uuid, body, ifMatch),
  }),
  op({
    operationId: 'deactivateUser',
    method: 'post',
    path: '/organisations/{cvr}/users/{uuid}/deactivate',
    command: 'users.deactivate',
    summary: 'Deactivate a business user',
    params: s.userParams,
    answer: s.userChangeAnswer,
    conditional: true,
    run: (service, { principal, params, ifMatch }) => service.deactivateUser(principal, params.cvr, params.uuid, ifMatch),
  }),
  op({
    operationId: 'reactivateUser',
    method: 'post',
    path: '/organisations/{cvr}/users/{uuid}/reactivate',
    command: 'users.reactivate',
    summary: 'Reactivate a business user',
    params: s.userParams,
    answer: s.userAnswer,
    conditional: true,
    run: (service, { principal, params, ifMatch }) => service.reactivateUser(principal, params.cvr, params.uuid, ifMatch),
  }),
  op({
    operationId: 'deleteUser',
    method: 'delete',
    path: '/organisations/{cvr}/users/{uuid}',
    command: 'users.delete',
    summary: 'Delete a business user (a tombstone stays)',
    params: s.userParams,
    answer: s.userChangeAnswer,
    conditional: true,
    run: (service, { principal, params, ifMatch }) => service.deleteUser(principal, params.cvr, params.uuid, ifMatch),
  }),
  op({
    operationId: 'issueActivation',
    method: 'post',
    path: '/organisations/{cvr}/users/{uuid}/activation',
    command: 'activations.issue',
    summary: 'Issue the activation (a code for birth-date users is shown once)',
    params: s.userParams,
    answer: s.activationAnswer,
    status: 201,
    conditional: true,
    run: (service, { principal, params, ifMatch }) => service.issueActivation(principal, params.cvr, params.uuid, ifMatch),
  }),
  op({
    operationId: 'resendActivation',
    method: 'post',
    path: '/organisations/{cvr}/users/{uuid}/activation/resend',
    command: 'activations.resend',
    summary: 'Send a new activation link (revokes the old one)',
    params: s.userParams,
    answer: s.activationAnswer,
    conditional: true,
    run: (service, { principal, params, ifMatch }) => service.resendActivation(principal, params.cvr, params.uuid, ifMatch),
  }),
  op({
    operationId: 'revokeActivation',
    method: 'delete',
    path: '/organisations/{cvr}/users/{uuid}/activation',
    command: 'activations.revoke',
    summary: 'Revoke the open activation',
    params: s.userParams,
    answer: s.activationAnswer,
    conditional: true,
    run: (service, { principal, params, ifMatch }) => service.revokeActivation(principal, params.cvr, params.uuid, ifMatch),
  }),
  op({
    operationId: 'listMeans',
    method: 'get',
    path: '/organisations/{cvr}/users/{uuid}/means',
    command: 'means.list',
    summary: "List a user's dedicated MitID user IDs and means",
    params: s.userParams,
    answer: s.meansAnswer,
    run: (service, { principal, params }) => service.listMeans(principal, params.cvr, params.uuid),
  }),
  op({
    operationId: 'blockMeans',
    method: 'post',
    path: '/organisations/{cvr}/users/{uuid}/means/{userId}/{means}/block',
    command: 'means.block',
    summary: 'Block a means of a dedicated MitID (final)',
    params: s.meansParams,
    answer: s.userChangeAnswer,
    conditional: true,
    run: (service, { principal, params, ifMatch }) =>
      service.blockMeans(principal, params.cvr, params.uuid, params.userId, params.means, ifMatch),
  }),
  op({
    operationId: 'grantRole',
    method: 'post',
    path: '/organisations/{cvr}/users/{uuid}/roles',
    command: 'roles.grant',
    summary: 'Grant an administrator role',
    params: s.userParams,
    body: s.roleBodySchema,
    answer: s.userAnswer,
    conditional: true,
    run: (service, { principal, params, body, ifMatch }) => service.grantRole(principal, params.cvr, params.uuid, body.role, ifMatch),
  }),
  op({
    operationId: 'revokeRole',
    method: 'delete',
    path: '/organisations/{cvr}/users/{uuid}/roles/{role}',
    command: 'roles.revoke',
    summary: 'Revoke an administrator role',
    params: s.roleParams,
    answer: s.userChangeAnswer,
    conditional: true,
    run: (service, { principal, params, ifMatch }) => service.revokeRole(principal, params.cvr, params.uuid, params.role, ifMatch),
  }),
  op({
    operationId: 'addCatalogueRight',
    method: 'post',
    path: '/rights',
    command: 'rights.catalogue.add',
    summary: 'Add a right to the catalogue',
    body: s.rightBodySchema,
    answer: s.rightAnswer,
    status: 201,
    idempotent: true,
    run: (service, { principal, body, idempotencyKey }) => service.addRight(principal, body, idempotencyKey),
  }),
  op({
    operationId: 'listCatalogueRights',
    method: 'get',
    path: '/rights',
    command: 'rights.catalogue.list',
    summary: 'List the rights catalogue',
    answer: s.rightAnswer.array(),
    run: (service, { principal }) => service.listRights(principal),
  }),
  op({
    operationId: 'assignRight',
    method: 'post',
    path: '/organisations/{cvr}/users/{uuid}/rights',
    command: 'rights.assign',
    summary: 'Assign a right to a business user',
    params: s.userParams,
    body: s.assignRightSchema,
    answer: s.userAnswer,
    conditional: true,
    run: (service, { principal, params, body, ifMatch }) => service.assignRight(principal, params.cvr, params.uuid, body.urn, ifMatch),
  }),
  op({
    operationId: 'removeRight',
    method: 'delete',
    path: '/organisations/{cvr}/users/{uuid}/rights/{urn}',
    command: 'rights.remove',
    summary: 'Remove a right from a business user',
    params: s.rightParams,
    answer: s.userAnswer,
    conditional: true,
    run: (service, { principal, params, ifMatch }) => service.removeRight(principal, params.cvr, params.uuid, params.urn, ifMatch),
  }),
  op({
    operationId: 'listAuditEvents',
    method: 'get',
    path: '/audit/{scope}',
    command: 'audit.read',
    summary: 'Read an audit chain (a CVR or `operator`) by cursor',
    params: s.auditScopeParams,
    query: s.auditListQuery,
    answer: s.auditPageAnswer,
    run: (service, { principal, params, query }) => service.listAudit(principal, params.scope, query),
  }),
  op({
    operationId: 'exportAuditEvents',
    method: 'get',
    path: '/audit/{scope}/export',
    command: 'audit.read',
    summary: 'Export an audit chain as JSON lines',
    params: s.auditScopeParams,
    answer: s.auditEventAnswer,
    jsonLines: true,
    run: (service, { principal, params }) => service.exportAudit(principal, params.scope),
  }),
  ...IMPORT_OPERATIONS,
];
