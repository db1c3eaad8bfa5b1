/**
 * The OCI image layout (image-spec `image-layout.md`): a directory any OCI tool can read —
 *
 * ```
 *   <dir>/oci-layout              {"imageLayoutVersion":"1.0.0"}
 *   <dir>/index.json              an image index; each manifest tagged by
 *                                 annotations["org.opencontainers.image.ref.name"]
 *   <dir>/blobs/sha256/<hex>      every blob (manifests, configs, layers), named by its digest
 * ```
 *
 * `OciLayout` is the same thing in memory (`index` + a map digest → bytes). `writeLayout` and
 * `readLayout` move it to and from disk; `loadImage(layout, tag)` walks index → manifest →
 * config → layers, verifying every blob (size, digest, media type) and every layer's DiffID,
 * and returns the parsed documents and the layers' tar entries.
 *
 * @module
 */

import { gunzipSync } from "node:zlib";
import { BlobError, type Descriptor, MEDIA_TYPES, sha256Digest, verifyBlob } from "./descriptor.ts";
import {
  type ImageConfig,
  type ImageIndex,
  jsonBytes,
  type Manifest,
  parseJsonBlob,
  REF_NAME,
} from "./config.ts";
import { readTar, type TarEntry } from "./tar.ts";

/**
 * An image layout in memory.
 *
 * @example
 * ```ts
 * import type { OciLayout } from "./layout.ts";
 * const empty: OciLayout = { index: { schemaVersion: 2, manifests: [] }, blobs: new Map() };
 * ```
 */
export interface OciLayout {
  /** The top-level index (index.json). */
  readonly index: ImageIndex;
  /** Blobs by digest ("sha256:<hex>"). */
  readonly blobs: ReadonlyMap<string, Uint8Array>;
}

/**
 * One layer of a loaded image.
 *
 * @example
 * ```ts
 * import type { LoadedLayer } from "./layout.ts";
 * type Entries = LoadedLayer["entries"];
 * ```
 */
export interface LoadedLayer {
  /** The layer's descriptor from the manifest. */
  readonly descriptor: Descriptor;
  /** sha256 of the uncompressed tar (must equal the config's diff_ids[i]). */
  readonly diffId: string;
  /** Size of the uncompressed tar. */
  readonly tarSize: number;
  /** The tar's entries. */
  readonly entries: TarEntry[];
}

/**
 * An image read back and verified.
 *
 * @example
 * ```ts
 * import type { LoadedImage } from "./layout.ts";
 * type Args = LoadedImage["config"]["config"];
 * ```
 */
export interface LoadedImage {
  /** Descriptor of the manifest, from the index. */
  readonly manifestDescriptor: Descriptor;
  /** The manifest. */
  readonly manifest: Manifest;
  /** The image config. */
  readonly config: ImageConfig;
  /** The layers, bottom first. */
  readonly layers: LoadedLayer[];
}

const LAYOUT_VERSION = "1.0.0";

/** Throw unless `layout` has an index and a blob map (a built image has one in `.layout`). */
function checkLayout(layout: unknown, call: string, what: string): void {
  const value = layout as Partial<OciLayout> & { layout?: unknown };
  if (value?.index?.manifests !== undefined && value.blobs instanceof Map) return;
  throw new TypeError(
    `Cannot ${call}: ${what} must be an OciLayout { index, blobs } (got ${
      value === null || value === undefined ? String(value) : typeof value
    }); ${
      value?.layout
        ? "pass the built image's .layout"
        : "use buildImage(…).layout or readLayout(dir)"
    }`,
  );
}

/**
 * Merge layouts into one: blobs are keyed by digest, so a blob two images share is stored once
 * (the deduplication a registry or a host's image store gets for free).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mergeLayouts } from "./layout.ts";
 * const a = { index: { schemaVersion: 2 as const, manifests: [] }, blobs: new Map([["sha256:x", new Uint8Array(3)]]) };
 * assert.equal(mergeLayouts([a, a]).blobs.size, 1);
 * ```
 */
export function mergeLayouts(layouts: readonly OciLayout[]): OciLayout {
  if (!Array.isArray(layouts)) {
    throw new TypeError(
      `Cannot merge layouts: pass an array of layouts, e.g. mergeLayouts([a.layout, b.layout]) (got ${typeof layouts})`,
    );
  }
  layouts.forEach((layout, i) => checkLayout(layout, "merge layouts", `layouts[${i}]`));
  const blobs = new Map<string, Uint8Array>();
  for (const layout of layouts) {
    for (const [digest, bytes] of layout.blobs) blobs.set(digest, bytes);
  }
  return {
    index: {
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.index,
      manifests: layouts.flatMap((layout) => layout.index.manifests),
    },
    blobs,
  };
}

/**
 * Write a layout directory (created if missing; existing blobs are overwritten).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readLayout, writeLayout } from "./layout.ts";
 * const dir = await Deno.makeTempDir();
 * await writeLayout({ index: { schemaVersion: 2, manifests: [] }, blobs: new Map() }, dir);
 * assert.deepEqual(JSON.parse(await Deno.readTextFile(`${dir}/oci-layout`)), { imageLayoutVersion: "1.0.0" });
 * assert.equal((await readLayout(dir)).index.manifests.length, 0);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeLayout(layout: OciLayout, dir: string): Promise<void> {
  await Deno.mkdir(`${dir}/blobs/sha256`, { recursive: true });
  await Deno.writeFile(`${dir}/oci-layout`, jsonBytes({ imageLayoutVersion: LAYOUT_VERSION }));
  await Deno.writeFile(`${dir}/index.json`, jsonBytes(layout.index));
  for (const [digest, bytes] of layout.blobs) {
    const [algorithm, hex] = digest.split(":");
    await Deno.mkdir(`${dir}/blobs/${algorithm}`, { recursive: true });
    await Deno.writeFile(`${dir}/blobs/${algorithm}/${hex}`, bytes);
  }
}

/**
 * Read a layout directory into memory (all blobs). Checks `oci-layout` and that index.json
 * parses; blob contents are verified later, by `loadImage`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readLayout } from "./layout.ts";
 * await assert.rejects(readLayout("/nonexistent"), /oci-layout/);
 * ```
 */
export async function readLayout(dir: string): Promise<OciLayout> {
  let marker: unknown;
  try {
    marker = parseJsonBlob(await Deno.readFile(`${dir}/oci-layout`), `${dir}/oci-layout`);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new RangeError(
        `Cannot read OCI layout ${dir}: no oci-layout file; is this an image layout directory (skopeo copy … oci:${dir}:tag makes one)?`,
      );
    }
    throw error;
  }
  const version = (marker as { imageLayoutVersion?: unknown })?.imageLayoutVersion;
  if (version !== LAYOUT_VERSION) {
    throw new RangeError(
      `Cannot read OCI layout ${dir}: imageLayoutVersion ${
        JSON.stringify(version)
      } is not "${LAYOUT_VERSION}"`,
    );
  }
  const index = parseJsonBlob(
    await Deno.readFile(`${dir}/index.json`),
    `${dir}/index.json`,
  ) as ImageIndex;
  const blobs = new Map<string, Uint8Array>();
  for await (const algorithm of Deno.readDir(`${dir}/blobs`)) {
    for await (const blob of Deno.readDir(`${dir}/blobs/${algorithm.name}`)) {
      blobs.set(
        `${algorithm.name}:${blob.name}`,
        await Deno.readFile(`${dir}/blobs/${algorithm.name}/${blob.name}`),
      );
    }
  }
  return { index, blobs };
}

/** The blob a descriptor names, verified; BlobError when missing or wrong. */
function fetchBlob(
  layout: OciLayout,
  descriptor: Descriptor,
  types: readonly string[],
  what: string,
): Uint8Array {
  const bytes = layout.blobs.get(descriptor.digest);
  if (!bytes) {
    throw new BlobError(
      `Cannot load ${what}: blob ${descriptor.digest} is missing from blobs/; copy the image again (skopeo copy) or fix the descriptor`,
      descriptor.digest,
    );
  }
  verifyBlob(descriptor, bytes, types);
  return bytes;
}

/**
 * Load and verify the image tagged `tag` (when the index holds one manifest, `tag` may be
 * omitted): manifest, config and every layer are checked against their descriptors, gzip layers
 * are decompressed, and each uncompressed tar's sha256 must equal the config's `diff_ids[i]`
 * (config.md "rootfs"). Errors name the blob and the fix.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildImage } from "./build.ts";
 * import { loadImage } from "./layout.ts";
 * const image = buildImage([{ files: { "/etc/motd": "hi\n" } }], { tag: "v1" });
 * const loaded = loadImage(image.layout, "v1");
 * assert.deepEqual(loaded.layers[0].entries.map((e) => e.path), ["etc", "etc/motd"]);
 * assert.throws(() => loadImage(image.layout, "v2"), /no manifest tagged "v2".*v1/);
 * ```
 */
export function loadImage(layout: OciLayout, tag?: string): LoadedImage {
  checkLayout(layout, "load image", "the layout");
  if (tag !== undefined && typeof tag !== "string") {
    throw new TypeError(
      `Cannot load image: the tag must be a string like "v1" (got ${typeof tag} ${String(tag)})`,
    );
  }
  const manifests = layout.index.manifests ?? [];
  const tags = manifests.map((m) => m.annotations?.[REF_NAME] ?? "(untagged)");
  const manifestDescriptor = tag === undefined && manifests.length === 1
    ? manifests[0]
    : manifests.find((m) => m.annotations?.[REF_NAME] === tag);
  if (!manifestDescriptor) {
    throw new RangeError(
      `Cannot load image: no manifest tagged ${JSON.stringify(tag)} in index.json; tags present: ${
        tags.join(", ") || "none"
      }`,
    );
  }
  const manifestBytes = fetchBlob(layout, manifestDescriptor, [MEDIA_TYPES.manifest], "manifest");
  const manifest = parseJsonBlob(
    manifestBytes,
    `manifest ${manifestDescriptor.digest}`,
  ) as Manifest;
  if (manifest.schemaVersion !== 2) {
    throw new RangeError(
      `Cannot load manifest ${manifestDescriptor.digest}: schemaVersion ${manifest.schemaVersion} is not 2`,
    );
  }
  const configBytes = fetchBlob(layout, manifest.config, [MEDIA_TYPES.config], "image config");
  const config = parseJsonBlob(configBytes, `config ${manifest.config.digest}`) as ImageConfig;
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== manifest.layers.length) {
    throw new RangeError(
      `Cannot load image ${manifestDescriptor.digest}: the manifest lists ${manifest.layers.length} layers but config ${manifest.config.digest} has ${diffIds.length} diff_ids; rebuild the image`,
    );
  }
  const layers = manifest.layers.map((descriptor, i): LoadedLayer => {
    if (descriptor.mediaType === MEDIA_TYPES.layerZstd) {
      throw new BlobError(
        `Cannot load layer ${descriptor.digest}: zstd layers are not supported by this model; convert with skopeo copy --dest-compress-format gzip`,
        descriptor.digest,
      );
    }
    const blob = fetchBlob(
      layout,
      descriptor,
      [MEDIA_TYPES.layer, MEDIA_TYPES.layerGzip],
      `layer ${i}`,
    );
    const tar = descriptor.mediaType === MEDIA_TYPES.layerGzip
      ? new Uint8Array(gunzipSync(blob))
      : blob;
    const diffId = sha256Digest(tar);
    if (diffId !== diffIds[i]) {
      throw new BlobError(
        `Layer ${i} (${descriptor.digest}): its uncompressed tar hashes to ${diffId} but config diff_ids[${i}] is ${
          diffIds[i]
        }; the config does not describe this layer — rebuild the image`,
        descriptor.digest,
      );
    }
    return { descriptor, diffId, tarSize: tar.length, entries: readTar(tar) };
  });
  return { manifestDescriptor, manifest, config, layers };
}
