/**
 * Status: what a plugin says at an extension point — never an exception for "does not
 * fit". Codes and their order from `staging/src/k8s.io/kube-scheduler/framework/interface.go`
 * (`Code`: Success, Error, Unschedulable, UnschedulableAndUnresolvable, Wait, Skip).
 *
 * ```
 *   Success                        go on
 *   Error                          internal problem: the pod goes back to the queue
 *   Unschedulable                  does not fit now; preemption might help
 *   UnschedulableAndUnresolvable   does not fit, and evicting pods would not help
 *   Wait                           (Permit) hold the pod
 *   Skip                           (PreFilter/PreScore) this plugin has nothing to do for the pod
 * ```
 *
 * @module
 */

/**
 * Status codes, in upstream's numeric order (the index is the Go value).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CODES } from "./status.ts";
 * assert.equal(CODES.indexOf("UnschedulableAndUnresolvable"), 3);
 * ```
 */
export const CODES = [
  "Success",
  "Error",
  "Unschedulable",
  "UnschedulableAndUnresolvable",
  "Wait",
  "Skip",
] as const;

/**
 * A status code.
 *
 * @example
 * ```ts
 * import type { Code } from "./status.ts";
 * const code: Code = "Unschedulable";
 * ```
 */
export type Code = typeof CODES[number];

/**
 * A plugin's verdict: a code, the reasons (shown to users, aggregated in the "0/5 nodes
 * are available" message) and the plugin that said it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unschedulable } from "./status.ts";
 * const status = unschedulable("Insufficient cpu");
 * assert.deepEqual(status.reasons, ["Insufficient cpu"]);
 * ```
 */
export interface Status {
  readonly code: Code;
  readonly reasons: readonly string[];
  /** Set by the framework: the plugin that returned it. */
  readonly plugin?: string;
}

/** The success status. @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SUCCESS, isSuccess } from "./status.ts";
 * assert.ok(isSuccess(SUCCESS));
 * ```
 */
export const SUCCESS: Status = Object.freeze({ code: "Success", reasons: [] });

/**
 * A status with a code and reasons.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { newStatus } from "./status.ts";
 * assert.equal(newStatus("Skip").code, "Skip");
 * ```
 */
export function newStatus(code: Code, ...reasons: string[]): Status {
  return { code, reasons };
}

/**
 * `Unschedulable` with reasons.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unschedulable } from "./status.ts";
 * assert.equal(unschedulable("Too many pods").code, "Unschedulable");
 * ```
 */
export function unschedulable(...reasons: string[]): Status {
  return { code: "Unschedulable", reasons };
}

/**
 * `UnschedulableAndUnresolvable` with reasons.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unresolvable } from "./status.ts";
 * assert.equal(unresolvable("node(s) were unschedulable").code, "UnschedulableAndUnresolvable");
 * ```
 */
export function unresolvable(...reasons: string[]): Status {
  return { code: "UnschedulableAndUnresolvable", reasons };
}

/**
 * True for Success (a null status counts as success, as a nil *Status does upstream).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isSuccess, unschedulable } from "./status.ts";
 * assert.ok(isSuccess(null));
 * assert.ok(!isSuccess(unschedulable("x")));
 * ```
 */
export function isSuccess(status: Status | null | undefined): boolean {
  return status == null || status.code === "Success";
}
