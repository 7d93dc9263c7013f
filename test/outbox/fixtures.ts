// Test outbox messages of every kind, valid by the schema, with fresh ids.
import { randomUUID } from 'node:crypto';
import type { OutboxMessage, OutboxMessageKind } from '../../src/outbox/message.ts';

const org = { organisationName: 'Kirk & Co. Bogføring ApS', cvr: '31627583' };
const to = { channel: 'email' as const, address: 'birgitte.lund@example.dk', name: 'Birgitte Lund' };
const createdAt = '2026-11-30T12:00:00.000Z';

export function messageOf(kind: OutboxMessageKind, language: 'da' | 'en' = 'da'): OutboxMessage {
  const common = { id: randomUUID(), language, createdAt };
  switch (kind) {
    case 'setup_link':
      return {
        ...common,
        kind,
        recipient: to,
        data: { ...org, link: 'http://localhost:3000/setup/abc123', expiresAt: '2027-01-29T12:00:00.000Z' },
      };
    case 'activation_link':
      return {
        ...common,
        kind,
        recipient: to,
        data: { ...org, link: 'http://localhost:3000/activate/def456', expiresAt: '2026-12-30T12:00:00.000Z' },
      };
    case 'role_granted':
    case 'role_removed':
      return { ...common, kind, recipient: to, data: { ...org, role: 'user_administrator' } };
    case 'means_blocked':
      return { ...common, kind, recipient: to, data: { ...org, means: 'code_display', blockedBy: 'administrator' } };
    case 'user_deactivated':
      return { ...common, kind, recipient: to, data: { ...org } };
    case 'sms_verification_code':
      return { ...common, kind, recipient: { channel: 'sms', mobile: '+4520304050' }, data: { code: '482913' } };
  }
}
