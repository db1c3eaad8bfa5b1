/**
 * "Did you mean …" for a learner's misspelled name: the candidate within two edits (Levenshtein
 * distance, case ignored), used by the configuration parser and the runtime's plug-in lookup.
 *
 * ```
 *   nearestName("brige", ["loopback", "bridge", "portmap"]) → "bridge"   (one insertion)
 * ```
 *
 * @module
 */

/** Edit distance between two strings (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The first candidate within `maxEdits` of `word` (case ignored), or undefined. */
export function nearestName(
  word: string,
  candidates: readonly string[],
  maxEdits = 2,
): string | undefined {
  const lower = word.toLowerCase();
  return candidates.find((c) => editDistance(lower, c.toLowerCase()) <= maxEdits);
}
