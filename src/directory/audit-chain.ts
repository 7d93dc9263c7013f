// Pure: the per-scope hash chain of audit events — sealing a new event onto a head, and verifying a whole chain.
import { createHash } from 'node:crypto';
import type { AuditDraft, AuditEvent } from './records.ts';

export interface ChainHead {
  seq: number;
  hash: string;
}

export const EMPTY_HEAD: ChainHead = { seq: 0, hash: '' };

/** Stable JSON: keys sorted at every level, so the same event always hashes the same after a storage round trip. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function hashOf(event: Omit<AuditEvent, 'hash'>): string {
  return createHash('sha256').update(canonicalJson(event)).digest('hex');
}

export function sealEvent(scope: string, draft: AuditDraft, head: ChainHead): AuditEvent {
  const unsealed = { ...draft, scope, seq: head.seq + 1, prevHash: head.hash };
  return { ...unsealed, hash: hashOf(unsealed) };
}

export type ChainVerdict = { ok: true; events: number } | { ok: false; seq: number; problem: 'altered' | 'missing_or_reordered' };

/** Walks a chain from its first event: each event must hash to its own hash and point at the one before. */
export function verifyChain(events: readonly AuditEvent[], head?: ChainHead): ChainVerdict {
  let previous = EMPTY_HEAD;
  for (const event of events) {
    if (event.seq !== previous.seq + 1 || event.prevHash !== previous.hash)
      return { ok: false, seq: previous.seq + 1, problem: 'missing_or_reordered' };
    const { hash, ...rest } = event;
    if (hashOf(rest) !== hash) return { ok: false, seq: event.seq, problem: 'altered' };
    previous = { seq: event.seq, hash };
  }
  // The head kept beside the chain catches a removed tail (the last events deleted).
  if (head && (head.seq !== previous.seq || head.hash !== previous.hash))
    return { ok: false, seq: previous.seq + 1, problem: 'missing_or_reordered' };
  return { ok: true, events: events.length };
}
