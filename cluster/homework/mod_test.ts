import assert from "node:assert/strict";
import { assign } from "@src/exercise/mod.ts";
import { homework } from "./mod.ts";

Deno.test("every chapter 4 generator: same seed → identical text, seeds and classmates differ", () => {
  for (const generator of homework.list()) {
    for (const seed of [0, 7, 123456789]) {
      const first = assign(generator, { seed });
      const second = assign(generator, { seed });
      assert.equal(first.text(true), second.text(true), `${generator.name} seed ${seed}`);
      assert.deepEqual(first.problem, second.problem);
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
});
