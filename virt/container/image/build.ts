/**
 * Building an image from a declarative list of layers, deterministically: the same list gives
 * the same tars, the same gzip bytes, the same digests. Each layer says what it adds and what it
 * deletes; `buildImage` turns that into tar entries (deletions become whiteouts, layer.md),
 * compresses and hashes them, and writes config, manifest and index around them.
 *
 * ```
 *   [{ files: { "/etc/os-release": "ID=lab\n" } },       layer 0: etc/, etc/os-release
 *    { files: { "/tmp/x": "" } },                          layer 1: tmp/, tmp/x
 *    { remove: ["/tmp/x"], opaque: ["/var/cache"] }]      layer 2: tmp/.wh.x, var/cache/.wh..wh..opq
 *
 *   each layer:  tar ──sha256──► diff_id (config.rootfs)
 *                tar ──gzip──► blob ──sha256──► digest (manifest.layers[i])
 * ```
 *
 * Usage: `const image = buildImage(layers, { config: { Cmd: ["/bin/sh"] }, tag: "v1" })`;
 * `image.layout` goes to `writeLayout(image.layout, dir)`, `image.rootfs` is the applied tree.
 *
 * @module
 */

import { gzipSync } from "node:zlib";
import { z } from "zod";
import { parseOptions } from "@src/options/mod.ts";
import { applyLayer } from "../overlay/changeset.ts";
import type { FsTree } from "../overlay/tree.ts";
import { describe, type Descriptor, MEDIA_TYPES, sha256Digest } from "./descriptor.ts";
import {
  type ContainerConfig,
  type ImageConfig,
  jsonBytes,
  type Manifest,
  REF_NAME,
} from "./config.ts";
import type { OciLayout } from "./layout.ts";
import { normalizePath, type TarEntry, writeTar } from "./tar.ts";

const Owner = {
  mode: z.number().int().min(0).max(0o7777).optional(),
  uid: z.number().int().min(0).optional(),
  gid: z.number().int().min(0).optional(),
};
const Content = z.union([z.string(), z.instanceof(Uint8Array)]);
const LayerSpecSchema = z.object({
  files: z.record(
    z.string(),
    z.union([Content, z.object({ content: Content.optional(), ...Owner }).strict()], {
      error: 'must be a string, a Uint8Array or { content, mode, uid, gid }, e.g. "hello\\n"',
    }).optional(),
  )
    .optional().describe("path → content (string or bytes) or { content, mode, uid, gid }"),
  directories: z.record(z.string(), z.object(Owner).strict().optional()).optional(),
  symlinks: z.record(z.string(), z.string().optional()).optional(),
  remove: z.array(z.string()).optional(),
  opaque: z.array(z.string()).optional(),
  comment: z.string().optional(),
}).strict();

/**
 * A file in a declared layer: its content, or its content and metadata.
 *
 * @example
 * ```ts
 * import type { FileSpec } from "./build.ts";
 * const script: FileSpec = { content: "#!/bin/sh\n", mode: 0o755 };
 * ```
 */
export type FileSpec = string | Uint8Array | {
  /** Bytes or text (UTF-8). @default empty */
  readonly content?: string | Uint8Array;
  /** Permission bits. @default 0o644 */
  readonly mode?: number;
  /** Owner. @default 0 */
  readonly uid?: number;
  /** Group. @default 0 */
  readonly gid?: number;
};

/**
 * One layer, declared: what it adds and what it deletes. Paths are absolute or relative.
 *
 * @example
 * ```ts
 * import type { LayerSpec } from "./build.ts";
 * const layer: LayerSpec = { files: { "/bin/hello": { content: "#!/bin/sh\necho hi\n", mode: 0o755 } }, remove: ["/tmp/x"] };
 * ```
 */
export interface LayerSpec {
  /** Files added or replaced: path → content or { content, mode, uid, gid }. @default {} */
  readonly files?: Readonly<Record<string, FileSpec | undefined>>;
  /** Directories with explicit metadata (others are made 0755 as needed). @default {} */
  readonly directories?: Readonly<
    Record<string, { mode?: number; uid?: number; gid?: number } | undefined>
  >;
  /** Symlinks: path → target. @default {} */
  readonly symlinks?: Readonly<Record<string, string | undefined>>;
  /** Paths deleted from the layers below (whiteouts `.wh.<name>`). @default [] */
  readonly remove?: readonly string[];
  /** Directories whose lower contents are hidden (`.wh..wh..opq`). @default [] */
  readonly opaque?: readonly string[];
  /** The history entry's `created_by`. @default "layer <i>" */
  readonly comment?: string;
}

// config.md "Properties": the fields of the image config's `config`, spelled as the spec does
// (a learner's `cmd` or `Cmd: "node app.js"` is caught here, not at run time).
const ports = z.record(z.string(), z.object({}).strict());
const ContainerConfigSchema = z.object({
  User: z.string().optional(),
  ExposedPorts: ports.optional(),
  Env: z.array(z.string().regex(/^[^=]+=/, 'must be "NAME=value"')).optional(),
  Entrypoint: z.array(z.string()).optional(),
  Cmd: z.array(z.string()).optional(),
  Volumes: ports.optional(),
  WorkingDir: z.string().optional(),
  Labels: z.record(z.string(), z.string()).optional(),
  StopSignal: z.string().optional(),
  ArgsEscaped: z.boolean().optional(),
}).strict();

const BuildOptions = z.object({
  config: ContainerConfigSchema.transform((c) => c as ContainerConfig)
    .default({})
    .describe("the image config's `config` (Entrypoint, Cmd, Env, WorkingDir, User, Labels…)"),
  architecture: z.string().default("amd64"),
  os: z.string().default("linux"),
  tag: z.string().regex(
    /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/,
    "must be a tag like v1 or latest (letters, digits, . _ -)",
  ).default(
    "latest",
  ),
  compress: z.enum(["gzip", "none"]).default("gzip"),
  created: z.string().optional(),
}).strict();

/**
 * Options of `buildImage`.
 *
 * @example
 * ```ts
 * import type { BuildOptions } from "./build.ts";
 * const options: BuildOptions = { tag: "v1", config: { Cmd: ["/bin/sh"] }, compress: "none" };
 * ```
 */
export type BuildOptions = z.input<typeof BuildOptions>;

/**
 * A built layer: its entries, its tar, and both hashes.
 *
 * @example
 * ```ts
 * import type { BuiltLayer } from "./build.ts";
 * type Id = BuiltLayer["diffId"];
 * ```
 */
export interface BuiltLayer {
  /** The tar's entries, sorted. */
  readonly entries: TarEntry[];
  /** The uncompressed tar. */
  readonly tar: Uint8Array;
  /** sha256 of the uncompressed tar. */
  readonly diffId: string;
  /** Descriptor of the stored (compressed) blob. */
  readonly descriptor: Descriptor;
}

/**
 * A built image.
 *
 * @example
 * ```ts
 * import type { BuiltImage } from "./build.ts";
 * type Layers = BuiltImage["layers"];
 * ```
 */
export interface BuiltImage {
  /** The layout (index + blobs) holding the image. */
  readonly layout: OciLayout;
  /** The manifest's descriptor, as listed in the index. */
  readonly manifestDescriptor: Descriptor;
  /** The manifest. */
  readonly manifest: Manifest;
  /** The image config. */
  readonly config: ImageConfig;
  /** The layers, bottom first. */
  readonly layers: BuiltLayer[];
  /** Root filesystem: all layers applied. */
  readonly rootfs: FsTree;
}

const bytesOf = (content: string | Uint8Array | undefined) =>
  typeof content === "string" ? new TextEncoder().encode(content) : content ?? new Uint8Array();

/**
 * The tar entries of one declared layer: directories, files, symlinks, whiteouts
 * (`<parent>/.wh.<name>` for each removed path) and opaque markers (`<dir>/.wh..wh..opq`),
 * with missing parent directories (0755, root), sorted by path. `options.index` (default: none)
 * names the layer in error messages as `layers[i]`. Later declarations of the same
 * path win.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { layerEntries } from "./build.ts";
 * const entries = layerEntries({ files: { "/etc/motd": "hi" }, remove: ["/tmp/x"] });
 * assert.deepEqual(entries.map((e) => e.path), ["etc", "etc/motd", "tmp", "tmp/.wh.x"]);
 * ```
 */
export function layerEntries(spec: LayerSpec, options: { index?: number } = {}): TarEntry[] {
  const where = options.index === undefined ? "layer" : `layers[${options.index}]`;
  const layer = parseOptions(LayerSpecSchema, spec, "declare a layer", where);
  for (
    const [kind, table] of [["files", layer.files], ["directories", layer.directories]] as const
  ) {
    for (const [path, value] of Object.entries(table ?? {})) {
      const mode = typeof value === "object" && !(value instanceof Uint8Array)
        ? value?.mode
        : undefined;
      // 755 typed without 0o is decimal 755 = 0o1363 (sticky bit, odd permissions)
      if (mode !== undefined && mode > 0o777 && /^[0-7]{3}$/.test(String(mode))) {
        throw new RangeError(
          `Cannot declare a layer: ${where}.${kind}.${path}.mode is ${mode}, decimal (= 0o${
            mode.toString(8)
          }); write permission bits in octal: mode: 0o${mode}`,
        );
      }
    }
  }
  const entries = new Map<string, TarEntry>();
  const put = (entry: TarEntry) => {
    const path = normalizePath(entry.path);
    if (path.split("/").includes("..")) {
      throw new RangeError(
        `Cannot declare a layer: path ${
          JSON.stringify(entry.path)
        } contains ".."; a layer may not write outside the root (layer.md), name it from the root like "/etc/motd"`,
      );
    }
    if (path === "") {
      throw new RangeError(
        `Cannot declare a layer: path ${
          JSON.stringify(entry.path)
        } is the root; name a file below it`,
      );
    }
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      if (!entries.has(dir)) entries.set(dir, { path: dir, type: "directory", mode: 0o755 });
    }
    entries.set(path, { ...entry, path });
  };
  for (const [path, owner] of Object.entries(layer.directories ?? {})) {
    put({ path, type: "directory", mode: 0o755, ...owner });
  }
  for (const [path, value] of Object.entries(layer.files ?? {})) {
    if (value === undefined) continue;
    const file = typeof value === "string" || value instanceof Uint8Array
      ? { content: value }
      : value;
    put({
      path,
      type: "file",
      mode: file.mode ?? 0o644,
      uid: file.uid,
      gid: file.gid,
      content: bytesOf(file.content),
    });
  }
  for (const [path, target] of Object.entries(layer.symlinks ?? {})) {
    if (target !== undefined) put({ path, type: "symlink", linkname: target });
  }
  for (const path of layer.remove ?? []) {
    const normal = normalizePath(path);
    const slash = normal.lastIndexOf("/");
    put({
      path: `${normal.slice(0, slash + 1)}.wh.${normal.slice(slash + 1)}`,
      type: "file",
      mode: 0o644,
    });
  }
  for (const path of layer.opaque ?? []) {
    put({ path: `${normalizePath(path)}/.wh..wh..opq`, type: "file", mode: 0o644 });
  }
  const sorted = [...entries.keys()].sort((a, b) => a < b ? -1 : a > b ? 1 : 0);
  return sorted.map((path) => {
    const { uid, gid, ...rest } = entries.get(path)!;
    return { ...rest, uid: uid ?? 0, gid: gid ?? 0, mtime: 0 };
  });
}

/**
 * Build an image from declared layers (bottom first). Checks that every removed path exists
 * below (a whiteout of nothing is almost always a typo). Deterministic: no timestamps unless
 * `created` is given.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildImage } from "./build.ts";
 * const layers = [{ files: { "/etc/os-release": "ID=lab\n", "/tmp/x": "" } }, { remove: ["/tmp/x"] }];
 * const a = buildImage(layers, { config: { Cmd: ["/bin/sh"] } });
 * assert.equal(a.manifestDescriptor.digest, buildImage(layers, { config: { Cmd: ["/bin/sh"] } }).manifestDescriptor.digest);
 * assert.deepEqual([...a.rootfs.keys()].sort(), ["etc", "etc/os-release", "tmp"]);
 * assert.throws(() => buildImage([{ remove: ["/nope"] }]), /layer 0 removes \/nope/);
 * ```
 */
export function buildImage(layers: readonly LayerSpec[], options: BuildOptions = {}): BuiltImage {
  const settings = parseOptions(BuildOptions, options, "build an image");
  if (!Array.isArray(layers)) {
    throw new TypeError(
      `Cannot build an image: layers must be an array of layer declarations (got ${typeof layers})`,
    );
  }
  let rootfs: FsTree = new Map();
  const blobs = new Map<string, Uint8Array>();
  const built = layers.map((spec, i): BuiltLayer => {
    const entries = layerEntries(spec, { index: i });
    for (const path of spec.remove ?? []) {
      if (!rootfs.has(normalizePath(path))) {
        throw new RangeError(
          `Cannot build an image: layer ${i} removes ${path}, which no lower layer has; fix the path or drop it from remove`,
        );
      }
    }
    for (const path of spec.opaque ?? []) {
      if (rootfs.get(normalizePath(path))?.type !== "directory") {
        throw new RangeError(
          `Cannot build an image: layer ${i} makes ${path} opaque, but no lower layer has that directory; fix the path or drop it from opaque`,
        );
      }
    }
    rootfs = applyLayer(rootfs, entries, { layer: i });
    const tar = writeTar(entries);
    // level 9 and no file name or time in the gzip header: reproducible blob bytes
    const blob = settings.compress === "gzip" ? new Uint8Array(gzipSync(tar, { level: 9 })) : tar;
    const descriptor = describe(
      settings.compress === "gzip" ? MEDIA_TYPES.layerGzip : MEDIA_TYPES.layer,
      blob,
    );
    blobs.set(descriptor.digest, blob);
    return { entries, tar, diffId: sha256Digest(tar), descriptor };
  });
  const config: ImageConfig = {
    ...(settings.created ? { created: settings.created } : {}),
    architecture: settings.architecture,
    os: settings.os,
    config: settings.config,
    rootfs: { type: "layers", diff_ids: built.map((layer) => layer.diffId) },
    history: layers.map((spec, i) => ({ created_by: spec.comment ?? `layer ${i}` })),
  };
  const configBytes = jsonBytes(config);
  const configDescriptor = describe(MEDIA_TYPES.config, configBytes);
  blobs.set(configDescriptor.digest, configBytes);
  const manifest: Manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.manifest,
    config: configDescriptor,
    layers: built.map((layer) => layer.descriptor),
  };
  const manifestBytes = jsonBytes(manifest);
  const manifestDescriptor = describe(MEDIA_TYPES.manifest, manifestBytes, {
    [REF_NAME]: settings.tag,
  });
  blobs.set(manifestDescriptor.digest, manifestBytes);
  const layout: OciLayout = {
    index: { schemaVersion: 2, mediaType: MEDIA_TYPES.index, manifests: [manifestDescriptor] },
    blobs,
  };
  return { layout, manifestDescriptor, manifest, config, layers: built, rootfs };
}
