// Spots a misspelt Kontekst client metadata name (identity_type, first-party, entitlement…) so registration can refuse it.

/** Case, separators and a plural "s" are how these names get misspelt; compare without them. */
function canonical(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '').replace(/s$/, '');
}

/** Edit distance, bounded: only "is it at most `limit`" matters. */
function withinEdits(a: string, b: string, limit: number): boolean {
  if (Math.abs(a.length - b.length) > limit) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]! <= limit;
}

/**
 * The Kontekst field `name` was probably meant as, or undefined. A near miss is silently ignored by the
 * library (unknown metadata), so `"identity_type": ["private"]` would register a client for both contexts.
 */
export function nearMissOf(name: string, fields: readonly string[]): string | undefined {
  if (fields.includes(name)) return undefined;
  const asked = canonical(name);
  return fields.find((field) => {
    const meant = canonical(field);
    return asked === meant || withinEdits(asked, meant, 2);
  });
}
