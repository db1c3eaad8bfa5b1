/**
 * `plugins/defaultpreemption`: the DefaultPreemption plugin (PostFilter) — evict
 * lower-priority pods so a higher-priority pod fits, and nominate the node.
 *
 * Read in this order:
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NAME } from "./mod.ts";
 * assert.equal(NAME, "DefaultPreemption");
 * ```
 *
 * @module
 */

// 1. SelectVictimsOnNode: who is evicted on one node (MoreImportantPod, reprieve).
export * from "./victims.ts";
// 2. pickOneNodeForPreemption: the ordered rules that choose the node.
export * from "./pick_node.ts";
// 3. The PostFilter plugin: eligibility, candidates, dry run, nomination, rows.
export * from "./default_preemption.ts";
