/**
 * The shared NormalizeScore helper (`pkg/scheduler/framework/plugins/helper/normalize_score.go`,
 * `DefaultNormalizeScore`): scale a plugin's raw scores so the best node gets `maxPriority`;
 * with `reverse`, the smallest raw score is best (TaintToleration counts bad taints).
 *
 * ```
 *   max = max(raw);  max == 0 → all 0 (or all maxPriority when reverse)
 *   score = maxPriority × raw / max            (integer division)
 *   reverse: score = maxPriority − score
 * ```
 *
 * @module
 */

/**
 * Normalize in place.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultNormalizeScore } from "./normalize.ts";
 * const scores = [{ name: "a", score: 1 }, { name: "b", score: 4 }, { name: "c", score: 0 }];
 * defaultNormalizeScore(100, true, scores);
 * assert.deepEqual(scores.map((s) => s.score), [75, 0, 100]);
 * ```
 */
export function defaultNormalizeScore(
  maxPriority: number,
  reverse: boolean,
  scores: { score: number }[],
): void {
  let maxCount = 0;
  for (const s of scores) if (s.score > maxCount) maxCount = s.score;
  if (maxCount === 0) {
    if (reverse) { for (const s of scores) s.score = maxPriority; }
    return;
  }
  for (const s of scores) {
    let score = Math.trunc((maxPriority * s.score) / maxCount);
    if (reverse) score = maxPriority - score;
    s.score = score;
  }
}
