/**
 * "Did you mean …?" for a learner's misspelled name: the closest candidate by edit distance
 * (Levenshtein: insertions, deletions, substitutions; case ignored), if it is close enough.
 * Used wherever a name is looked up in a table — options, manifest fields, plug-in types,
 * assembler mnemonics.
 *
 * ```
 *   nearestName("brige", ["loopback", "bridge", "portmap"])  → "bridge"   (one insertion)
 *   nearestName("resource", ["resources", "ports"])          → "resources"
 * ```
 *
 * @module
 */

/**
 * Edit distance between two strings.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { editDistance } from "./nearest_name.ts";
 * assert.equal(editDistance("kitten", "sitting"), 3);
 * ```
 */
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

/**
 * The candidate closest to `word` (case ignored) within `maxEdits` edits — the first one on a
 * tie — or undefined when none is that close.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nearestName } from "./nearest_name.ts";
 * assert.equal(nearestName("brige", ["loopback", "bridge", "portmap"]), "bridge");
 * assert.equal(nearestName("zzz", ["bridge"]), undefined);
 * ```
 */
export function nearestName(
  word: string,
  candidates: readonly string[],
  maxEdits = 2,
): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = maxEdits + 1;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}
