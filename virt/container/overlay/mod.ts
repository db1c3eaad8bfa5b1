/**
 * `virt/container/overlay`: how layers become one root filesystem. OCI layers are changesets
 * with whiteouts (image-spec layer.md); a runtime either applies them in order into one
 * directory (`applyLayers`, what `umoci unpack` does) or stacks them with overlayfs
 * (`OverlayMount`, what containerd and Docker do), where writes copy files up into a
 * per-container upper directory.
 *
 * Read in this order:
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyLayers, diffTrees, OverlayMount, ociLayerToLowerdir } from "./mod.ts";
 * const layers = [[{ path: "etc/motd", type: "file" as const }], [{ path: "etc/.wh.motd", type: "file" as const }]];
 * assert.equal(applyLayers(layers).has("etc/motd"), false);
 * const mount = new OverlayMount({ lowerdirs: layers.map((l, i) => ociLayerToLowerdir(l, i)).reverse() });
 * assert.equal(mount.lookup("etc/motd"), null);
 * assert.deepEqual(diffTrees(applyLayers(layers), applyLayers(layers)), []);
 * ```
 *
 * @module
 */

// 1. File trees: path → node (type, mode, owner, content), sorted entries, comparisons.
export * from "./tree.ts";
// 2. Changesets: applying a layer (whiteouts, opaque dirs) and computing one from two trees.
export * from "./changeset.ts";
// 3. Overlay directories: OCI whiteouts as char 0/0 devices, opaque and redirect xattrs.
export * from "./lowerdir.ts";
// 4. overlayfs: lowerdirs + upper, top-down lookup, copy-up, whiteouts, opaque, redirect/EXDEV.
export * from "./overlayfs.ts";
// 5. Tidy rows for charts: changes per layer, which layer provides a file, bytes stored vs seen.
export * from "./rows.ts";
// 6. Trees on disk: write a tree into a directory, read a directory back.
export * from "./disk.ts";
