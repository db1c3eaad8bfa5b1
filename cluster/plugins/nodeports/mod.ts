/**
 * `plugins/nodeports`: the NodePorts plugin — its NAME, reason strings (if it filters) and factory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAME } from "./mod.ts";
 * assert.equal(NAME, "NodePorts");
 * ```
 *
 * @module
 */

// The NodePorts plugin (see the file's header for the upstream source and formula).
export * from "./node_ports.ts";
