/**
 * `plugins/tainttoleration`: the TaintToleration plugin — its NAME, reason strings (if it filters) and factory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAME } from "./mod.ts";
 * assert.equal(NAME, "TaintToleration");
 * ```
 *
 * @module
 */

// The TaintToleration plugin (see the file's header for the upstream source and formula).
export * from "./taint_toleration.ts";
