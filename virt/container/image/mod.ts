/**
 * `virt/container/image`: OCI images as bytes (opencontainers/image-spec). An image is a set of
 * content-addressed blobs — layers (tar changesets), a config, a manifest — reachable from an
 * index; `umoci` and `skopeo` read what this module writes, and this module reads theirs.
 *
 * Read in this order:
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildImage, loadImage, unpackBundle } from "./mod.ts";
 * const image = buildImage([{ files: { "/etc/os-release": "ID=lab\n" } }], { config: { Cmd: ["/bin/sh"] }, tag: "v1" });
 * const loaded = loadImage(image.layout, "v1"); // verifies every digest on the way
 * assert.deepEqual(unpackBundle(loaded).config.process.args, ["/bin/sh"]);
 * ```
 *
 * @module
 */

// 1. Tar: ustar headers, pax long names, checksums — the bytes of every layer.
export * from "./tar.ts";
// 2. Descriptors: media types, sha256 digests and their grammar, blob verification.
export * from "./descriptor.ts";
// 3. The JSON documents: image config (diff_ids), manifest, index; their exact bytes.
export * from "./config.ts";
// 4. Building an image from declared layers, deterministically (whiteouts for deletions).
export * from "./build.ts";
// 5. The OCI image layout on disk and in memory; loading an image with full verification.
export * from "./layout.ts";
// 6. Bundles: image config → runtime config.json (conversion.md), rootfs = layers applied.
export * from "./bundle.ts";
