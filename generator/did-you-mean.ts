/**
 * "Did you mean ...?" hints: the candidates closest to a misspelt name, by edit
 * distance, with substring and case-only matches ranked first.
 */

/** Levenshtein distance (insert, delete, substitute: each 1). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] ?? 0;
      row[j] = Math.min(current + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}

/**
 * Up to `limit` candidates close to `needle`: a case-insensitive distance within a
 * third of the needle's length (at least 2), or one containing the other.
 */
export function closest(needle: string, candidates: Iterable<string>, limit = 3): string[] {
  const want = needle.toLowerCase();
  const budget = Math.max(2, Math.floor(want.length / 3));
  const scored: Array<{ candidate: string; score: number }> = [];
  for (const candidate of new Set(candidates)) {
    const have = candidate.toLowerCase();
    const distance = editDistance(want, have);
    const contains = want.length >= 3 && (have.includes(want) || want.includes(have));
    if (distance <= budget || contains) scored.push({ candidate, score: contains ? Math.min(distance, budget) - 0.5 : distance });
  }
  return scored
    .sort((a, b) => a.score - b.score || (a.candidate < b.candidate ? -1 : 1))
    .slice(0, limit)
    .map((s) => s.candidate);
}

/** ` (did you mean 'a', 'b'?)`, or '' when nothing is close. */
export function didYouMean(needle: string, candidates: Iterable<string>): string {
  const close = closest(needle, candidates);
  return close.length > 0 ? ` (did you mean ${close.map((c) => `'${c}'`).join(', ')}?)` : '';
}
