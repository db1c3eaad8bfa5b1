/**
 * The registry of congestion-control modules: one table from name to factory, as the
 * Kubernetes scheduler keeps its plugins (and Linux its `tcp_cong_list`). Add a module
 * by adding a row.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createCongestionControl } from "./registry.ts";
 * const cc = createCongestionControl("cubic", { mss: 1460 });
 * assert.equal(cc.name, "cubic");
 * ```
 *
 * @module
 */

import type { CongestionControl, CongestionOptions } from "./congestion.ts";
import { createCubic, CUBIC } from "./cubic.ts";
import { createReno, RENO } from "./reno.ts";

/**
 * Name → factory for every module.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CONGESTION_CONTROLS } from "./registry.ts";
 * assert.deepEqual(Object.keys(CONGESTION_CONTROLS), ["reno", "cubic"]);
 * ```
 */
export const CONGESTION_CONTROLS = {
  [RENO]: createReno,
  [CUBIC]: createCubic,
} as const satisfies Record<string, (options: CongestionOptions) => CongestionControl>;

/**
 * A registered module's name.
 *
 * @example
 * ```ts
 * import type { CongestionName } from "./registry.ts";
 * const name: CongestionName = "reno";
 * ```
 */
export type CongestionName = keyof typeof CONGESTION_CONTROLS;

/**
 * Build the module called `name`; a `RangeError` lists the names that exist.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createCongestionControl } from "./registry.ts";
 * assert.throws(() => createCongestionControl("vegas" as "reno", { mss: 1460 }), /one of "reno", "cubic"/);
 * ```
 */
export function createCongestionControl(
  name: CongestionName,
  options: CongestionOptions,
): CongestionControl {
  const factory = CONGESTION_CONTROLS[name];
  if (factory === undefined) {
    throw new RangeError(
      `Cannot create congestion control "${name}": no such module; pick one of ` +
        `${Object.keys(CONGESTION_CONTROLS).map((key) => `"${key}"`).join(", ")}`,
    );
  }
  return factory(options);
}
