// The metrics module: one registry per instance, only code-like label values, Prometheus text out.
import { describe, expect, it } from 'vitest';
import { createMetrics, labelValue } from '../../src/observability/metrics.ts';

describe('labelValue', () => {
  it('keeps codes and turns anything else into "other" or "none"', () => {
    expect(labelValue('no_context')).toBe('no_context');
    expect(labelValue('authorization_code')).toBe('authorization_code');
    expect(labelValue('urn:ietf:params:oauth:grant-type:device_code')).toBe('urn:ietf:params:oauth:grant-type:device_code');
    expect(labelValue('1505801234')).toBe('other'); // a CPR number is not a code
    expect(labelValue('Jens Hansen')).toBe('other');
    expect(labelValue('x'.repeat(65))).toBe('other');
    expect(labelValue(undefined)).toBe('none');
    expect(labelValue('')).toBe('none');
  });
});

describe('createMetrics', () => {
  it('gives each instance a registry of its own', async () => {
    const first = createMetrics({ processMetrics: false });
    const second = createMetrics({ processMetrics: false });
    first.loginStarted();
    first.loginStarted();
    expect((await first.render()).body).toMatch(/^kontekst_logins_started_total 2$/m);
    expect((await second.render()).body).toMatch(/^kontekst_logins_started_total 0$/m);
  });

  it('counts every call of the API under its documented name and labels', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.loginCompleted('professional');
    metrics.loginRefused('no_context');
    metrics.chooser('skipped');
    metrics.upstreamRequest('token', 0.12, 'ok');
    metrics.upstreamRequest('userinfo', 0.3, 'unavailable');
    metrics.tokenGrant('refresh_token', 'invalid_grant');
    metrics.oidcError('invalid_scope', 'demo-rp');
    metrics.backchannelDelivery('failed');
    metrics.rateLimitHit('login_per_ip');
    metrics.adminCommand('clients.create', 'ok');
    metrics.redisCommand('EVALSHA', 0.0004, true);
    const { body, contentType } = await metrics.render();
    expect(contentType).toMatch(/^text\/plain/);
    for (const line of [
      'kontekst_logins_completed_total{context_type="professional"} 1',
      'kontekst_logins_refused_total{reason="no_context"} 1',
      'kontekst_chooser_total{outcome="skipped"} 1',
      'kontekst_upstream_request_duration_seconds_count{operation="token",outcome="ok"} 1',
      'kontekst_upstream_errors_total{operation="userinfo",code="unavailable"} 1',
      'kontekst_token_grants_total{grant_type="refresh_token",outcome="invalid_grant"} 1',
      'kontekst_oidc_errors_total{error="invalid_scope",client_id="demo-rp"} 1',
      'kontekst_backchannel_logout_deliveries_total{outcome="failed"} 1',
      'kontekst_rate_limit_hits_total{limit="login_per_ip"} 1',
      'kontekst_admin_commands_total{action="clients.create",outcome="ok"} 1',
      'kontekst_redis_command_duration_seconds_count{command="evalsha"} 1',
      'kontekst_redis_command_errors_total{command="evalsha"} 1',
    ]) {
      expect(body).toContain(line);
    }
    expect(body).not.toContain('process_cpu');
  });

  it('adds process metrics when asked', async () => {
    const { body } = await createMetrics({ processMetrics: true }).render();
    expect(body).toContain('kontekst_process_cpu_user_seconds_total');
    expect(body).toContain('kontekst_nodejs_eventloop_lag_seconds');
  });
});
