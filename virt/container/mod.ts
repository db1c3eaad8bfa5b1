/**
 * `virt/container`: chapter 3, containers. A container is an ordinary process that the
 * kernel shows a different world: namespaces decide what it can see (its own pids,
 * hostname, uid map), cgroups decide how much it may use (CPU bandwidth and weight,
 * memory, pids), an OCI image gives it a root filesystem made of layers stacked by
 * overlayfs, and an OCI runtime turns a bundle (config.json + rootfs) into a running
 * process and walks it through its lifecycle.
 *
 * Read in this order: namespaces, cgroups, images, overlay, the runtime. Homework is in
 * `virt/container/homework/mod.ts`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildImage, Runtime, unpackBundle } from "@virt/container/mod.ts";
 * const image = buildImage([{ files: { "/bin/app": "#!/bin/sh\necho hi\n" } }], {
 *   config: { Entrypoint: ["/bin/app"] },
 * });
 * const bundle = unpackBundle(image);
 * assert.deepEqual(bundle.config.process?.args, ["/bin/app"]);
 * const runtime = new Runtime();
 * runtime.create("app", { bundle: "/bundles/app", config: bundle.config });
 * runtime.start("app");
 * assert.equal(runtime.state("app").status, "running");
 * ```
 *
 * @module
 */

// 1. Namespaces: the eight kinds, ID maps, a process table with clone/unshare/setns.
export * from "./namespace/mod.ts";
// 2. cgroup v2: the hierarchy, interface files, CPU weight and bandwidth, memory.
export * from "./cgroup/mod.ts";
// 3. OCI images: tar layers, descriptors and digests, manifests, layouts, bundles.
export * from "./image/mod.ts";
// 4. Layers applied: changesets, whiteouts, an overlayfs mount with copy-up.
export * from "./overlay/mod.ts";
// 5. An OCI runtime: config.json, resources → cgroup files, the lifecycle.
export * from "./runtime/mod.ts";
// config.json as the runtime reads it (the image's bundle writes the same fields).
export type { RuntimeConfig } from "./runtime/mod.ts";
