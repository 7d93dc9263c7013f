// Log redaction: OAuth and one-time codes are hidden under `code`, Kontekst's own reason codes stay readable.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.ts';

function logged(fields: Record<string, unknown>): Record<string, unknown> {
  const lines: string[] = [];
  createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } }).info(fields, 'test');
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

describe('redaction of code', () => {
  it('keeps a refusal reason such as the upstream login failure code', () => {
    expect(logged({ code: 'unknown_state' })['code']).toBe('unknown_state');
    expect(logged({ err: { code: 'ECONNREFUSED' } })['err']).toEqual({ code: 'ECONNREFUSED' });
  });

  it('hides an OAuth authorization code, a one-time code and anything that is not a plain reason code', () => {
    expect(logged({ code: 'SplxlOBeZQQYbYS6WxSbIA' })['code']).toBe('[redacted]');
    expect(logged({ code: 'a7Gk2-vQ_9xY0pLmN3rT5wZ8bC1dE4fH6jK' })['code']).toBe('[redacted]');
    expect(logged({ code: '123456' })['code']).toBe('[redacted]');
    expect(logged({ query: { code: 'abcdefghijklmnop1' } })['query']).toEqual({ code: '[redacted]' });
    expect(logged({ code: { nested: 'x' } })['code']).toBe('[redacted]');
  });

  it('still hides every other secret key whatever its value looks like', () => {
    const line = logged({ token: 'plain_word', pin: 'abc', state: 'xyz', cpr: '0101011234' });
    expect([line['token'], line['pin'], line['state'], line['cpr']]).toEqual(['[redacted]', '[redacted]', '[redacted]', '[redacted]']);
  });
});
