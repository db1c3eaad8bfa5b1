/**
 * `virt/container/homework`: chapter 3's seeded homework generators (containers), OSTEP
 * style. Each is `generate(seed, options)`, `solve(problem)`, `render(problem, solution?)`
 * from `src/exercise`; notebooks call `assign(generator, {learner})`, the command line
 * (`deno task homework`) loads {@link homework} from this file, and the tests check each
 * answer key against the real code (the CFS bandwidth simulation, the overlay model).
 *
 * Read in this order:
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assign } from "@src/exercise/mod.ts";
 * import { cgroupThrottle, homework } from "./mod.ts";
 * assert.deepEqual(homework.list().map((g) => g.name), ["cgroup-throttle", "image-layers"]);
 * assert.match(assign(cgroupThrottle, { learner: "ada" }).text(), /^ARG seed \d+/);
 * ```
 *
 * @module
 */

import { HomeworkRegistry } from "@src/exercise/mod.ts";
import { cgroupThrottle } from "./cgroup_throttle.ts";
import { imageLayers } from "./image_layers.ts";

// CFS bandwidth control by hand: quota, period, throttled periods and when work completes.
export * from "./cgroup_throttle.ts";
// Layers and whiteouts by hand: the final filesystem, which layer provides each file.
export * from "./image_layers.ts";

/**
 * Chapter 3's generators, in teaching order, for the command line and notebooks.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { homework } from "./mod.ts";
 * assert.equal(homework.title, "Chapter 3: containers");
 * assert.equal(homework.get("image-layers").name, "image-layers");
 * ```
 */
export const homework: HomeworkRegistry = new HomeworkRegistry([cgroupThrottle, imageLayers], {
  title: "Chapter 3: containers",
});
