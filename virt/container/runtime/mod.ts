/**
 * `virt/container/runtime`: an OCI runtime, modelled. A bundle's config.json says which
 * namespaces, ID maps, hostname and resource limits a container gets; the runtime builds
 * them (with `virt/container/namespace` and `virt/container/cgroup`) and walks the
 * container through creating → created → running → stopped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Runtime } from "@virt/container/runtime/mod.ts";
 * const runtime = new Runtime();
 * runtime.create("a", { bundle: "/b", config: { ociVersion: "1.0.2", linux: { namespaces: [{ type: "pid" }] } } });
 * assert.equal(runtime.table.getpid(runtime.state("a").pid!), 1);
 * ```
 *
 * @module
 */

// 1. config.json: the zod schema of the subset a runtime needs, and parseConfig.
export * from "./config.ts";
// 2. linux.resources → cgroup v2 files, with runc's conversions (shares → weight …).
export * from "./resources.ts";
// 3. The runtime: state/create/start/kill/delete, the lifecycle, hooks, state JSON.
export * from "./lifecycle.ts";
