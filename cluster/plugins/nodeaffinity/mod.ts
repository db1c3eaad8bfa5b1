/**
 * `plugins/nodeaffinity`: the NodeAffinity plugin — its NAME, reason strings (if it filters) and factory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAME } from "./mod.ts";
 * assert.equal(NAME, "NodeAffinity");
 * ```
 *
 * @module
 */

// The NodeAffinity plugin (see the file's header for the upstream source and formula).
export * from "./node_affinity.ts";
