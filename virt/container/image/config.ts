/**
 * The three JSON documents of an OCI image and their serialisation: the image *config*
 * (config.md: what to run, and the layer list by `diff_ids`), the *manifest* (manifest.md: the
 * config and layer blobs by descriptor) and the *index* (image-index.md: manifests by
 * descriptor, `index.json` at the top of a layout). Use `jsonBytes(doc)` for the exact bytes
 * whose sha256 becomes the digest: same object, same key order → same bytes → same digest.
 *
 * ```
 *   index.json ──► manifest ──► config   (rootfs.diff_ids: sha256 of each *uncompressed* tar)
 *                          └──► layers[] (digest: sha256 of each blob as stored, e.g. gzipped)
 * ```
 *
 * @module
 */

import type { Descriptor } from "./descriptor.ts";

/**
 * The `config` field of an image config (config.md "Properties", all optional).
 *
 * @example
 * ```ts
 * import type { ContainerConfig } from "./config.ts";
 * const c: ContainerConfig = { Entrypoint: ["/bin/sh"], Cmd: ["-c", "echo hi"], Env: ["PATH=/bin"], WorkingDir: "/" };
 * ```
 */
export interface ContainerConfig {
  /** "user", "uid", "user:group", "uid:gid"… */
  readonly User?: string;
  /** Ports as keys, "80/tcp": {}. */
  readonly ExposedPorts?: Readonly<Record<string, Record<never, never>>>;
  /** "NAME=value" entries. */
  readonly Env?: readonly string[];
  /** The command; Cmd is appended to it. */
  readonly Entrypoint?: readonly string[];
  /** Default arguments (or the command when there is no Entrypoint). */
  readonly Cmd?: readonly string[];
  /** Paths as keys, "/data": {}. */
  readonly Volumes?: Readonly<Record<string, Record<never, never>>>;
  /** Current directory of the process. */
  readonly WorkingDir?: string;
  /** Free-form metadata, copied to runtime annotations. */
  readonly Labels?: Readonly<Record<string, string>>;
  /** Signal that stops the container, e.g. "SIGTERM". */
  readonly StopSignal?: string;
}

/**
 * One history entry (config.md `history`).
 *
 * @example
 * ```ts
 * import type { HistoryEntry } from "./config.ts";
 * const h: HistoryEntry = { created_by: "layer 0: base files" };
 * ```
 */
export interface HistoryEntry {
  /** RFC 3339 time. */
  readonly created?: string;
  /** The command that made the layer. */
  readonly created_by?: string;
  /** A comment. */
  readonly comment?: string;
  /** True when the step made no layer (e.g. a config change). */
  readonly empty_layer?: boolean;
}

/**
 * An image config (config.md), media type `application/vnd.oci.image.config.v1+json`.
 *
 * @example
 * ```ts
 * import type { ImageConfig } from "./config.ts";
 * const config: ImageConfig = { architecture: "amd64", os: "linux", config: {}, rootfs: { type: "layers", diff_ids: [] } };
 * ```
 */
export interface ImageConfig {
  /** RFC 3339 creation time; omitted for reproducible images. */
  readonly created?: string;
  /** Author, copied to the `org.opencontainers.image.author` annotation. */
  readonly author?: string;
  /** CPU architecture (Go's GOARCH), e.g. "amd64". */
  readonly architecture: string;
  /** Operating system (Go's GOOS), e.g. "linux". */
  readonly os: string;
  /** Execution parameters. */
  readonly config?: ContainerConfig;
  /** The layers by DiffID: sha256 of each uncompressed tar, bottom first. */
  readonly rootfs: { readonly type: "layers"; readonly diff_ids: readonly string[] };
  /** One entry per build step, bottom first. */
  readonly history?: readonly HistoryEntry[];
}

/**
 * An image manifest (manifest.md).
 *
 * @example
 * ```ts
 * import type { Manifest } from "./config.ts";
 * type Layers = Manifest["layers"];
 * ```
 */
export interface Manifest {
  /** Always 2. */
  readonly schemaVersion: 2;
  /** `application/vnd.oci.image.manifest.v1+json`. */
  readonly mediaType: string;
  /** The config blob. */
  readonly config: Descriptor;
  /** The layer blobs, bottom first. */
  readonly layers: readonly Descriptor[];
  /** Free-form string pairs. */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * An image index (image-index.md); `index.json` of a layout is one.
 *
 * @example
 * ```ts
 * import type { ImageIndex } from "./config.ts";
 * const index: ImageIndex = { schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [] };
 * ```
 */
export interface ImageIndex {
  /** Always 2. */
  readonly schemaVersion: 2;
  /** `application/vnd.oci.image.index.v1+json`. */
  readonly mediaType?: string;
  /** Manifests by descriptor, tagged with `org.opencontainers.image.ref.name`. */
  readonly manifests: readonly Descriptor[];
  /** Free-form string pairs. */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * The annotation that tags a manifest in an index (annotations.md; image-layout.md "index.json").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { REF_NAME } from "./config.ts";
 * assert.equal(REF_NAME, "org.opencontainers.image.ref.name");
 * ```
 */
export const REF_NAME = "org.opencontainers.image.ref.name";

/**
 * The bytes of a JSON document as this model stores it: `JSON.stringify` without spaces, keys
 * in insertion order. Deterministic for objects built the same way.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jsonBytes } from "./config.ts";
 * assert.equal(new TextDecoder().decode(jsonBytes({ b: 1, a: [2] })), '{"b":1,"a":[2]}');
 * ```
 */
export function jsonBytes(document: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(document));
}

/**
 * Parse a JSON blob; SyntaxError names the blob when the bytes are not JSON.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseJsonBlob } from "./config.ts";
 * assert.deepEqual(parseJsonBlob(new TextEncoder().encode("[1]"), "blob x"), [1]);
 * assert.throws(() => parseJsonBlob(new Uint8Array([0x7b]), "blob x"), /blob x is not JSON/);
 * ```
 */
export function parseJsonBlob(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new SyntaxError(
      `Cannot read ${what}: ${what} is not JSON (${(error as Error).message}); the file is corrupt`,
    );
  }
}
