/**
 * `plugins/nodeunschedulable`: the NodeUnschedulable plugin — its NAME, reason strings (if it filters) and factory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAME } from "./mod.ts";
 * assert.equal(NAME, "NodeUnschedulable");
 * ```
 *
 * @module
 */

// The NodeUnschedulable plugin (see the file's header for the upstream source and formula).
export * from "./node_unschedulable.ts";
