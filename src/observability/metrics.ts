// Prometheus metrics of one Kontekst instance: a registry of its own and a small API the other parts call.
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The context a login acts in: the only thing metrics say about who logged in. */
export type MetricsContextType = 'private' | 'professional';
export type ChooserOutcome = 'shown' | 'skipped';
export type UpstreamOperation = 'discovery' | 'token' | 'userinfo' | 'login';

/**
 * Label values come from code (reason codes, grant types, OIDC error codes, command names), but some reach
 * us from a request (a grant_type parameter, an error code a broker sent). A value that does not look like a
 * code is counted as "other": a metric label must never carry free text, let alone a person's data, and its
 * set of values must stay small.
 */
export function labelValue(value: string | undefined): string {
  if (value === undefined || value === '') return 'none';
  return /^[a-z][a-z0-9_:.-]{0,63}$/i.test(value) ? value : 'other';
}

export interface Metrics {
  readonly registry: Registry;
  /** Text exposition for GET /metrics, and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
  loginStarted(): void;
  loginCompleted(contextType: MetricsContextType): void;
  /** A login that ended without tokens: reason is a code (no_context, cancelled, upstream_unavailable, …). */
  loginRefused(reason: string): void;
  chooser(outcome: ChooserOutcome): void;
  /** One call to the MitID broker: how long it took and whether it failed (an UpstreamError code, or "ok"). */
  upstreamRequest(operation: UpstreamOperation, seconds: number, outcome: string): void;
  /** A token endpoint answer: the grant type and "ok" or the OIDC error code. */
  tokenGrant(grantType: string, outcome: string): void;
  /** An OIDC error sent to a relying party (client_id only for a registered client: it bounds the label). */
  oidcError(error: string, clientId: string | undefined): void;
  backchannelDelivery(outcome: 'delivered' | 'failed'): void;
  /** A logout token after a revocation (block, deactivation, …): delivered, failed and retrying, or given up. */
  revocationDelivery(outcome: 'delivered' | 'retrying' | 'gave_up'): void;
  /** Sessions a revocation ended. */
  revocationSessionsEnded(count: number): void;
  rateLimitHit(limit: string): void;
  /** An administrative action (CLI, admin API): e.g. adminCommand('clients.create', 'ok'). */
  adminCommand(action: string, outcome: string): void;
  /** One Redis command: its name, how long until its answer, and whether it failed. */
  redisCommand(command: string, seconds: number, failed: boolean): void;
}

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event loop, GC); tests that build many instances may leave them off. */
  processMetrics?: boolean;
  /** Prefix of every metric name. */
  prefix?: string;
}

/** Latency buckets in seconds: a Redis command is sub-millisecond, a MitID broker call up to seconds. */
const REDIS_BUCKETS = [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 2.5];
const UPSTREAM_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const prefix = options.prefix ?? 'kontekst_';
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix });
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
    new Counter<L>({ name: `${prefix}${name}`, help, labelNames, registers: [registry] });
  const histogram = <L extends string>(name: string, help: string, labelNames: L[], buckets: number[]) =>
    new Histogram<L>({ name: `${prefix}${name}`, help, labelNames, buckets, registers: [registry] });

  const loginsStarted = counter('logins_started_total', 'Logins sent to MitID', []);
  const loginsCompleted = counter('logins_completed_total', 'Logins that ended in a chosen context, by context type', ['context_type']);
  const loginsRefused = counter('logins_refused_total', 'Logins that ended without tokens, by reason code', ['reason']);
  const chooser = counter('chooser_total', 'Context chooser shown or skipped (exactly one context fitted)', ['outcome']);
  const upstreamDuration = histogram(
    'upstream_request_duration_seconds',
    'Calls to the MitID broker',
    ['operation', 'outcome'],
    UPSTREAM_BUCKETS,
  );
  const upstreamErrors = counter('upstream_errors_total', 'Failed calls to the MitID broker, by error code', ['operation', 'code']);
  const tokenGrants = counter('token_grants_total', 'Token endpoint answers by grant type and outcome (ok or OIDC error code)', [
    'grant_type',
    'outcome',
  ]);
  const oidcErrors = counter('oidc_errors_total', 'OIDC errors sent to relying parties', ['error', 'client_id']);
  const backchannel = counter('backchannel_logout_deliveries_total', 'Back-channel logout tokens sent', ['outcome']);
  const revocationDeliveries = counter('revocation_logout_deliveries_total', 'Logout tokens sent after a revocation, by outcome', [
    'outcome',
  ]);
  const revocationSessions = counter('revocation_sessions_ended_total', 'Live sessions ended by a revocation', []);
  const rateLimits = counter('rate_limit_hits_total', 'Requests refused by a rate limit', ['limit']);
  const admin = counter('admin_commands_total', 'Administrative actions by outcome', ['action', 'outcome']);
  const redisDuration = histogram('redis_command_duration_seconds', 'Redis commands until their answer', ['command'], REDIS_BUCKETS);
  const redisErrors = counter('redis_command_errors_total', 'Redis commands that failed (error, timeout, connection lost)', ['command']);

  return {
    registry,
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    loginStarted: () => loginsStarted.inc(),
    loginCompleted: (contextType) => loginsCompleted.inc({ context_type: contextType }),
    loginRefused: (reason) => loginsRefused.inc({ reason: labelValue(reason) }),
    chooser: (outcome) => chooser.inc({ outcome }),
    upstreamRequest(operation, seconds, outcome) {
      const code = labelValue(outcome);
      upstreamDuration.observe({ operation, outcome: code === 'ok' ? 'ok' : 'error' }, seconds);
      if (code !== 'ok') upstreamErrors.inc({ operation, code });
    },
    tokenGrant: (grantType, outcome) => tokenGrants.inc({ grant_type: labelValue(grantType), outcome: labelValue(outcome) }),
    oidcError: (error, clientId) =>
      oidcErrors.inc({ error: labelValue(error), client_id: clientId === undefined ? 'none' : labelValue(clientId) }),
    backchannelDelivery: (outcome) => backchannel.inc({ outcome }),
    revocationDelivery: (outcome) => revocationDeliveries.inc({ outcome }),
    revocationSessionsEnded: (count) => revocationSessions.inc(count),
    rateLimitHit: (limit) => rateLimits.inc({ limit: labelValue(limit) }),
    adminCommand: (action, outcome) => admin.inc({ action: labelValue(action), outcome: labelValue(outcome) }),
    redisCommand(command, seconds, failed) {
      const name = labelValue(command.toLowerCase());
      redisDuration.observe({ command: name }, seconds);
      if (failed) redisErrors.inc({ command: name });
    },
  };
}

/** Metrics that go nowhere: for library use and tests that do not look at them. */
export function noMetrics(): Metrics {
  return createMetrics({ processMetrics: false });
}
