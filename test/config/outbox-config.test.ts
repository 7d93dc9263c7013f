// Outbox and CVR register settings: development defaults, SMTP, and what production refuses (naming the key).
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.ts';
import { PRODUCTION_ENV } from '../support/production-env.ts';

const PRODUCTION = { ...PRODUCTION_ENV };

function issuesOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  return '';
}

describe('outbox configuration', () => {
  it('uses the file outbox, the SMS file outbox and the CVR fixture in development', () => {
    const config = loadConfig({});
    expect(config.outbox).toMatchObject({ email: { transport: 'file' }, sms: { transport: 'file' }, dir: 'var/outbox', leaseMs: 60_000, maxAttempts: 12 });
    expect(config.cvrRegister).toEqual({ source: 'fixture' });
  });

  it('sends by SMTP when SMTP_URL is set', () => {
    const config = loadConfig({ SMTP_URL: 'smtp://user:secret@mail.example.dk:587', MAIL_FROM: 'MitID Erhverv <no-reply@example.dk>' });
    expect(config.outbox.email).toEqual({ transport: 'smtp', url: 'smtp://user:secret@mail.example.dk:587', from: 'MitID Erhverv <no-reply@example.dk>' });
  });

  it('names bad keys without repeating their values', () => {
    const issues = issuesOf({ SMTP_URL: 'http://user:hunter2@mail', MAIL_FROM: 'not a mailbox', OUTBOX_LEASE_SECONDS: '1', CVR_REGISTER: 'ldap' });
    for (const key of ['SMTP_URL', 'MAIL_FROM', 'OUTBOX_LEASE_SECONDS', 'CVR_REGISTER']) expect(issues).toContain(key);
    expect(issues).not.toContain('hunter2');
  });

  it('needs SMTP_URL for OUTBOX_TRANSPORT=smtp and CVR_REGISTER_URL for CVR_REGISTER=http', () => {
    expect(issuesOf({ OUTBOX_TRANSPORT: 'smtp' })).toMatch(/SMTP_URL: required/);
    expect(issuesOf({ CVR_REGISTER: 'http' })).toMatch(/CVR_REGISTER_URL: required/);
  });

  it('production: starts without SMTP (messages stay queued), and refuses the development outbox and the CVR fixture', () => {
    const config = loadConfig(PRODUCTION);
    expect(config.outbox.email).toEqual({ transport: 'none' });
    expect(config.outbox.sms).toEqual({ transport: 'none' });
    expect(config.cvrRegister).toEqual({ source: 'none' });
    const issues = issuesOf({ ...PRODUCTION, OUTBOX_TRANSPORT: 'file', SMS_TRANSPORT: 'file', CVR_REGISTER: 'fixture', SMTP_URL: 'smtp://mail.example.dk' });
    expect(issues).toMatch(/OUTBOX_TRANSPORT: the file outbox is for development/);
    expect(issues).toMatch(/SMS_TRANSPORT/);
    expect(issues).toMatch(/CVR_REGISTER: the fixture is demo data/);
    expect(issuesOf({ ...PRODUCTION, SMTP_URL: 'smtp://mail.example.dk' })).toMatch(/MAIL_FROM: required/);
  });

  it('production with SMTP and an HTTP CVR register', () => {
    const config = loadConfig({ ...PRODUCTION, SMTP_URL: 'smtps://mail.example.dk', MAIL_FROM: 'no-reply@example.dk', CVR_REGISTER_URL: 'https://cvr.example.dk/representation' });
    expect(config.outbox.email).toMatchObject({ transport: 'smtp', from: 'no-reply@example.dk' });
    expect(config.cvrRegister).toEqual({ source: 'http', url: 'https://cvr.example.dk/representation', timeoutMs: 5000 });
  });
});
