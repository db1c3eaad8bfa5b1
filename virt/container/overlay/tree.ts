/**
 * A file tree: the in-memory root filesystem that layers are applied to. A tree maps a
 * normalised relative path ("etc/os-release"; the root itself is not stored) to a node that
 * carries what a tar entry carries — type, mode, owner, content or link target — plus the
 * index of the layer that last wrote it (`layer`), so charts can say which layer provides a file.
 * The node fields are layer.md's "File Attributes" (mode, uid, gid, linkname, device numbers;
 * mtime and xattrs are not kept — the layers here are built with mtime 0 and no xattrs) for its
 * "File Types".
 *
 * ```
 *   Map {
 *     "etc"            → { type: "directory", mode: 0o755, layer: 0 }
 *     "etc/os-release" → { type: "file", mode: 0o644, content: <bytes>, layer: 2 }
 *     "bin/sh"         → { type: "symlink", linkname: "busybox", layer: 0 }
 *   }
 * ```
 *
 * Use `treeFromEntries`, `treeEntries` (sorted, parents first) and `compareTrees` (a list of
 * human-readable differences, empty when equal).
 *
 * @module
 */

import { normalizePath, type TarEntry, type TarEntryType } from "../image/tar.ts";

/**
 * One node of a tree.
 *
 * @example
 * ```ts
 * import type { FsNode } from "./tree.ts";
 * const node: FsNode = { type: "file", mode: 0o644, uid: 0, gid: 0, content: new Uint8Array([104, 105]), layer: 0 };
 * ```
 */
export interface FsNode {
  /** Kind, as in tar (a "char" 0/0 is an overlayfs whiteout). */
  readonly type: Exclude<TarEntryType, "hardlink">;
  /** Permission bits. */
  readonly mode: number;
  /** Owner. */
  readonly uid: number;
  /** Group. */
  readonly gid: number;
  /** Content of a regular file. */
  readonly content?: Uint8Array;
  /** Target of a symlink. */
  readonly linkname?: string;
  /** Device numbers of a char/block device. */
  readonly devmajor?: number;
  /** @default 0 */
  readonly devminor?: number;
  /** Index of the layer that last wrote this node (-1 when unknown). */
  readonly layer: number;
}

/**
 * A tree: normalised path → node.
 *
 * @example
 * ```ts
 * import type { FsTree } from "./tree.ts";
 * const empty: FsTree = new Map();
 * ```
 */
export type FsTree = Map<string, FsNode>;

/**
 * The node a tar entry describes (hardlinks must be resolved by the caller).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nodeFromEntry } from "./tree.ts";
 * assert.equal(nodeFromEntry({ path: "d", type: "directory" }, 3).mode, 0o755);
 * ```
 */
export function nodeFromEntry(entry: TarEntry, layer: number): FsNode {
  if (entry.type === "hardlink") {
    throw new TypeError(
      `Cannot make a node of hardlink ${entry.path}: resolve it to its target ${entry.linkname} first`,
    );
  }
  const defaultMode = entry.type === "directory" ? 0o755 : entry.type === "symlink" ? 0o777 : 0o644;
  return {
    type: entry.type,
    mode: (entry.mode ?? defaultMode) & 0o7777,
    uid: entry.uid ?? 0,
    gid: entry.gid ?? 0,
    ...(entry.type === "file" ? { content: entry.content ?? new Uint8Array() } : {}),
    ...(entry.type === "symlink" ? { linkname: entry.linkname ?? "" } : {}),
    ...(entry.type === "char" || entry.type === "block"
      ? { devmajor: entry.devmajor ?? 0, devminor: entry.devminor ?? 0 }
      : {}),
    layer,
  };
}

/**
 * A tree from entries, later entries replacing earlier ones (no whiteout handling: see
 * `applyLayer` in changeset.ts for that).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { treeFromEntries } from "./tree.ts";
 * const tree = treeFromEntries([{ path: "./a/", type: "directory" }, { path: "a/b", type: "file" }]);
 * assert.deepEqual([...tree.keys()], ["a", "a/b"]);
 * ```
 */
export function treeFromEntries(entries: readonly TarEntry[], layer = 0): FsTree {
  const tree: FsTree = new Map();
  for (const entry of entries) {
    const path = normalizePath(entry.path);
    if (path !== "") tree.set(path, nodeFromEntry(entry, layer));
  }
  return tree;
}

/**
 * Order paths so that a directory comes right before its contents: compare path components.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { comparePaths } from "./tree.ts";
 * assert.deepEqual(["a.b", "a/c", "a"].sort(comparePaths), ["a", "a/c", "a.b"]);
 * ```
 */
export function comparePaths(a: string, b: string): number {
  const x = a.split("/");
  const y = b.split("/");
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}

/**
 * A tree's nodes as tar entries, sorted so every directory precedes its contents.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { treeEntries, treeFromEntries } from "./tree.ts";
 * const tree = treeFromEntries([{ path: "b", type: "file" }, { path: "a", type: "directory" }, { path: "a/z", type: "file" }]);
 * assert.deepEqual(treeEntries(tree).map((e) => e.path), ["a", "a/z", "b"]);
 * ```
 */
export function treeEntries(tree: FsTree): TarEntry[] {
  return [...tree.keys()].sort(comparePaths).map((path) => {
    const { layer: _layer, ...node } = tree.get(path)!;
    return { path, ...node };
  });
}

function equalBytes(a?: Uint8Array, b?: Uint8Array): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * Whether two nodes are the same file (type, mode, owner, content, link target, device);
 * the providing layer is ignored. `ignoreOwner` skips uid/gid.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sameNode } from "./tree.ts";
 * const a = { type: "file", mode: 0o644, uid: 0, gid: 0, content: new Uint8Array([1]), layer: 0 } as const;
 * assert.ok(sameNode(a, { ...a, layer: 5 }));
 * assert.ok(!sameNode(a, { ...a, mode: 0o600 }));
 * ```
 */
export function sameNode(a: FsNode, b: FsNode, options: { ignoreOwner?: boolean } = {}): boolean {
  return a.type === b.type && a.mode === b.mode &&
    (options.ignoreOwner || (a.uid === b.uid && a.gid === b.gid)) &&
    equalBytes(a.content, b.content) && (a.linkname ?? "") === (b.linkname ?? "") &&
    (a.devmajor ?? 0) === (b.devmajor ?? 0) && (a.devminor ?? 0) === (b.devminor ?? 0);
}

function summary(node: FsNode): string {
  const what = node.type === "file"
    ? `${node.content?.length ?? 0} bytes`
    : node.type === "symlink"
    ? `→ ${node.linkname}`
    : "";
  return `${node.type} ${node.mode.toString(8).padStart(4, "0")} ${node.uid}:${node.gid} ${what}`
    .trim();
}

/**
 * Differences between two trees, one sentence per path ("only in left", "differs"); empty
 * when equal. Tests print the first few when an oracle disagrees.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareTrees, treeFromEntries } from "./tree.ts";
 * const a = treeFromEntries([{ path: "x", type: "file" }]);
 * assert.deepEqual(compareTrees(a, a), []);
 * assert.match(compareTrees(a, new Map())[0], /x: only in left/);
 * ```
 */
export function compareTrees(
  left: FsTree,
  right: FsTree,
  options: { ignoreOwner?: boolean } = {},
): string[] {
  const out: string[] = [];
  const paths = [...new Set([...left.keys(), ...right.keys()])].sort(comparePaths);
  for (const path of paths) {
    const a = left.get(path);
    const b = right.get(path);
    if (!b) out.push(`${path}: only in left (${summary(a!)})`);
    else if (!a) out.push(`${path}: only in right (${summary(b)})`);
    else if (!sameNode(a, b, options)) {
      out.push(`${path}: differs (left ${summary(a)}; right ${summary(b)})`);
    }
  }
  return out;
}
