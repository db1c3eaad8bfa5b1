/**
 * Changesets: an OCI layer is the *difference* between two root filesystems, as a tar
 * (image-spec `layer.md`). Additions and modifications are ordinary entries; deletions are
 * *whiteouts*, empty files named `.wh.<name>` beside the deleted path; an *opaque whiteout*
 * `.wh..wh..opq` inside a directory hides everything the lower layers put there.
 *
 * ```
 *   lower tree              layer (tar)                     result
 *   etc/                    etc/                            etc/
 *   etc/motd    "hello"     etc/motd        "bye"           etc/motd  "bye"      modified
 *   tmp/x                   tmp/.wh.x                       tmp/                 x removed
 *   var/cache/a             var/cache/.wh..wh..opq          var/cache/new        a hidden
 *                           var/cache/new                                        new added
 * ```
 *
 * `applyLayer(tree, entries)` follows layer.md "Applying Changesets"; `applyLayers(layers)`
 * folds a whole image; `diffTrees(lower, upper)` follows "Determining Changes" and returns the
 * entries of the layer that turns `lower` into `upper`.
 *
 * @module
 */

import { normalizePath, type TarEntry } from "../image/tar.ts";
import { checkEntries, checkLayers, checkTree } from "./_check.ts";
import { comparePaths, type FsNode, type FsTree, nodeFromEntry, sameNode } from "./tree.ts";

/**
 * Prefix of a whiteout file (layer.md "Whiteouts").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { WHITEOUT_PREFIX } from "./changeset.ts";
 * assert.equal(WHITEOUT_PREFIX + "x", ".wh.x");
 * ```
 */
export const WHITEOUT_PREFIX = ".wh.";

/**
 * Name of the opaque whiteout (layer.md "Opaque Whiteout").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { OPAQUE_WHITEOUT } from "./changeset.ts";
 * assert.equal(OPAQUE_WHITEOUT, ".wh..wh..opq");
 * ```
 */
export const OPAQUE_WHITEOUT = ".wh..wh..opq";

const parentOf = (path: string) => path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
const baseOf = (path: string) => path.slice(path.lastIndexOf("/") + 1);
const join = (parent: string, name: string) => parent === "" ? name : `${parent}/${name}`;

/**
 * What a whiteout entry means: `{kind: "remove", target}`, `{kind: "opaque", directory}`, or
 * null for an ordinary entry.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { whiteoutOf } from "./changeset.ts";
 * assert.deepEqual(whiteoutOf("tmp/.wh.x"), { kind: "remove", target: "tmp/x" });
 * assert.deepEqual(whiteoutOf("var/.wh..wh..opq"), { kind: "opaque", directory: "var" });
 * assert.equal(whiteoutOf("etc/motd"), null);
 * ```
 */
export function whiteoutOf(
  path: string,
): { kind: "remove"; target: string } | { kind: "opaque"; directory: string } | null {
  const normal = normalizePath(path);
  const base = baseOf(normal);
  if (base === OPAQUE_WHITEOUT) return { kind: "opaque", directory: parentOf(normal) };
  if (base.startsWith(WHITEOUT_PREFIX)) {
    return { kind: "remove", target: join(parentOf(normal), base.slice(WHITEOUT_PREFIX.length)) };
  }
  return null;
}

/** Delete `path` and everything below it (only a directory has anything below it). */
function removeTree(tree: FsTree, path: string) {
  const node = tree.get(path);
  tree.delete(path);
  if (path !== "" && node?.type !== "directory") return;
  const prefix = path === "" ? "" : `${path}/`;
  for (const key of [...tree.keys()]) if (key.startsWith(prefix)) tree.delete(key);
}

/**
 * Apply one layer to a tree, returning a new tree (layer.md "Applying Changesets"):
 *
 * 1. whiteouts first, against the lower tree only — "whiteout files MUST only apply to
 *    resources in lower/parent layers": `.wh.x` removes x and all below it, `.wh..wh..opq`
 *    removes every child of its directory;
 * 2. then every other entry in order: a directory over a directory keeps its children and takes
 *    the new metadata; anything else replaces what was there (with its subtree); missing parent
 *    directories are created (0755, root); a hardlink copies its target as it is now.
 *
 * `options.layer` is stored in each node written, for "which layer provides this file".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyLayer } from "./changeset.ts";
 * const file = (path: string, text: string) => ({ path, type: "file" as const, content: new TextEncoder().encode(text) });
 * const base = applyLayer(new Map(), [{ path: "tmp", type: "directory" }, file("tmp/x", "1"), file("tmp/y", "2")]);
 * const next = applyLayer(base, [file("tmp/.wh.x", ""), file("tmp/z", "3")], { layer: 1 });
 * assert.deepEqual([...next.keys()].sort(), ["tmp", "tmp/y", "tmp/z"]);
 * assert.equal(next.get("tmp/z")!.layer, 1);
 * ```
 */
export function applyLayer(
  tree: FsTree,
  entries: readonly TarEntry[],
  options: { layer?: number } = {},
): FsTree {
  checkTree(tree, "apply a layer");
  checkEntries(entries, "apply a layer");
  const layer = options.layer ?? 0;
  const out: FsTree = new Map(tree);
  const ordinary: TarEntry[] = [];
  for (const entry of entries) {
    const whiteout = whiteoutOf(entry.path);
    if (whiteout === null) ordinary.push(entry);
    else if (whiteout.kind === "remove") removeTree(out, whiteout.target);
    else { // opaque: the directory stays, its lower children go
      const prefix = whiteout.directory === "" ? "" : `${whiteout.directory}/`;
      for (const key of [...out.keys()]) if (key.startsWith(prefix)) out.delete(key);
    }
  }
  for (const entry of ordinary) {
    const path = normalizePath(entry.path);
    if (path === "") continue; // the root directory itself: nothing to store
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const directory = parts.slice(0, i).join("/");
      if (out.get(directory)?.type === "directory") continue;
      removeTree(out, directory); // a file in the way of a directory is replaced
      out.set(directory, { type: "directory", mode: 0o755, uid: 0, gid: 0, layer });
    }
    let node: FsNode;
    if (entry.type === "hardlink") {
      const target = out.get(normalizePath(entry.linkname ?? ""));
      if (!target) {
        throw new RangeError(
          `Cannot apply hardlink ${path}: its target ${entry.linkname} does not exist at this point of the layer; put the target first`,
        );
      }
      node = { ...target, layer };
    } else node = nodeFromEntry(entry, layer);
    const existing = out.get(path);
    if (!(existing?.type === "directory" && node.type === "directory")) removeTree(out, path);
    out.set(path, node);
  }
  return out;
}

/**
 * Apply layers bottom first to an empty tree: the image's root filesystem.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyLayers } from "./changeset.ts";
 * const tree = applyLayers([[{ path: "a", type: "file" }], [{ path: ".wh.a", type: "file" }]]);
 * assert.equal(tree.size, 0);
 * ```
 */
export function applyLayers(layers: readonly (readonly TarEntry[])[]): FsTree {
  checkLayers(layers, "apply layers");
  return layers.reduce<FsTree>(
    (tree, entries, layer) => applyLayer(tree, entries, { layer }),
    new Map(),
  );
}

/**
 * The changeset from `lower` to `upper` (layer.md "Determining Changes"): entries for added
 * and modified paths (with their parent directories, so the layer stands on its own), and a
 * whiteout `.wh.<name>` for each removed path whose parent survives (one whiteout removes a
 * whole subtree). Sorted so directories precede their contents. Applying the result to
 * `lower` gives `upper` (the tests check this on random trees).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyLayer, diffTrees } from "./changeset.ts";
 * import { compareTrees } from "./tree.ts";
 * const lower = applyLayer(new Map(), [{ path: "etc", type: "directory" }, { path: "etc/a", type: "file" }, { path: "etc/b", type: "file" }]);
 * const upper = applyLayer(lower, [{ path: "etc/.wh.a", type: "file" }, { path: "etc/c", type: "file" }]);
 * const layer = diffTrees(lower, upper);
 * assert.deepEqual(layer.map((e) => e.path), ["etc", "etc/.wh.a", "etc/c"]);
 * assert.deepEqual(compareTrees(applyLayer(lower, layer), upper), []);
 * ```
 */
export function diffTrees(lower: FsTree, upper: FsTree): TarEntry[] {
  const emit = new Map<string, TarEntry>();
  const withParents = (path: string) => {
    for (let parent = parentOf(path); parent !== ""; parent = parentOf(parent)) {
      if (emit.has(parent)) break;
      const { layer: _layer, ...node } = upper.get(parent)!;
      emit.set(parent, { path: parent, ...node });
    }
  };
  for (const [path, node] of upper) {
    const before = lower.get(path);
    if (before && sameNode(before, node)) continue;
    const { layer: _layer, ...rest } = node;
    emit.set(path, { path, ...rest });
    withParents(path);
  }
  for (const path of lower.keys()) {
    if (upper.has(path)) continue;
    const parent = parentOf(path);
    const survives = parent === "" ||
      (upper.get(parent)?.type === "directory" && lower.get(parent)?.type === "directory");
    if (!survives) continue;
    const whiteout = join(parent, WHITEOUT_PREFIX + baseOf(path));
    emit.set(whiteout, { path: whiteout, type: "file", mode: 0o644, content: new Uint8Array() });
    withParents(whiteout);
  }
  return [...emit.keys()].sort(comparePaths).map((path) => emit.get(path)!);
}
