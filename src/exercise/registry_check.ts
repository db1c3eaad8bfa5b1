/**
 * The checks every chapter runs on its homework registry, in one place: a generator must be
 * deterministic per seed (same seed → byte-identical sheet and problem), show more with the
 * answers than without, give ten seeds ten different problems, and give four classmates four
 * different problems. Chapters call it from their `homework/mod_test.ts`.
 *
 * @module
 */

import assert from "node:assert/strict";
import { assign, type HomeworkRegistry } from "./homework.ts";

/**
 * Assert the homework contract for every generator of a registry; throws an AssertionError
 * naming the generator and the seed that broke it.
 *
 * @example
 * ```ts
 * import { defineHomework, HomeworkRegistry, z } from "./homework.ts";
 * import { assertHomeworkContract } from "./registry_check.ts";
 * const double = defineHomework({
 *   name: "double", description: "Double a number", options: z.object({}),
 *   generate: (seed) => ({ n: seed % 1000 }), solve: (p) => ({ twice: p.n * 2 }),
 *   render: (p, s) => `Double ${p.n}.` + (s ? ` ${s.twice}` : ""),
 * });
 * assertHomeworkContract(new HomeworkRegistry([double], { title: "Demo" }));
 * ```
 */
export function assertHomeworkContract(registry: HomeworkRegistry): void {
  for (const generator of registry.list()) {
    for (const seed of [0, 7, 123456789]) {
      const first = assign(generator, { seed });
      const second = assign(generator, { seed });
      assert.equal(first.text(true), second.text(true), `${generator.name} seed ${seed}`);
      assert.deepEqual(first.problem, second.problem, `${generator.name} seed ${seed}`);
      assert.ok(first.text(true).length > first.text().length, `${generator.name}: answers shown`);
    }
    const texts = new Set(
      Array.from({ length: 10 }, (_, seed) => assign(generator, { seed }).text()),
    );
    assert.equal(texts.size, 10, `${generator.name}: 10 seeds should give 10 problems`);
    const classmates = ["ada", "grace", "alan", "barbara"].map((learner) =>
      assign(generator, { learner }).text()
    );
    assert.equal(new Set(classmates).size, 4, `${generator.name}: classmates share a problem`);
  }
}
