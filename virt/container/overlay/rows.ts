/**
 * Tidy rows about layers, for tables and charts: what each layer changes (added, modified,
 * removed, hidden by opaque directories), which layer provides each visible file, and how many
 * bytes are stored in all layers against how many the container can see. The change kinds are
 * image-spec layer.md "Change Types" (additions, modifications, removals by whiteout) plus
 * "hidden": a lower path under an "Opaque Whiteout" directory.
 *
 * ```
 *   layerRows(layers)     → { layer, entries, bytes, added, modified, removed, hidden }  one per layer
 *   changeRows(layers)    → { layer, path, change, bytes }                               one per change
 *   providerRows(rootfs)  → { path, type, bytes, layer }                                 one per non-directory
 *   storageSummary(layers)→ { stored, visible, shadowed }   stored = Σ file bytes in every layer
 * ```
 *
 * @module
 */

import type { TarEntry } from "../image/tar.ts";
import { checkLayers, checkTree } from "./_check.ts";
import { applyLayer, whiteoutOf } from "./changeset.ts";
import { comparePaths, type FsTree, nodeFromEntry, sameNode } from "./tree.ts";

/**
 * One change a layer makes.
 *
 * @example
 * ```ts
 * import type { ChangeRow } from "./rows.ts";
 * const row: ChangeRow = { layer: 2, path: "tmp/x", change: "removed", bytes: 0 };
 * ```
 */
export interface ChangeRow {
  /** Layer index, bottom = 0. */
  readonly layer: number;
  /** Path changed (for "hidden": the lower path an opaque directory hides). */
  readonly path: string;
  /** added / modified / removed (a whiteout's target and subtree) / hidden (under an opaque dir). */
  readonly change: "added" | "modified" | "removed" | "hidden";
  /** File bytes the layer stores for this path (0 for deletions). */
  readonly bytes: number;
}

const size = (entry: TarEntry) => entry.type === "file" ? entry.content?.length ?? 0 : 0;

/**
 * Every change of every layer, against the tree of the layers below it. Directories whose
 * metadata did not change are not listed (they are in the tar only to hold their children).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { changeRows } from "./rows.ts";
 * const f = (path: string, text: string) => ({ path, type: "file" as const, content: new TextEncoder().encode(text) });
 * const rows = changeRows([[f("a", "1"), f("b", "2")], [f("a", "11"), f(".wh.b", "")]]);
 * assert.deepEqual(rows.map((r) => `${r.layer} ${r.change} ${r.path}`), ["0 added a", "0 added b", "1 modified a", "1 removed b"]);
 * ```
 */
export function changeRows(layers: readonly (readonly TarEntry[])[]): ChangeRow[] {
  checkLayers(layers, "list the changes of each layer");
  const rows: ChangeRow[] = [];
  let tree: FsTree = new Map();
  layers.forEach((entries, layer) => {
    for (const entry of entries) {
      const whiteout = whiteoutOf(entry.path);
      if (whiteout === null) {
        if (entry.type === "hardlink") continue;
        const before = tree.get(entry.path);
        if (!before) rows.push({ layer, path: entry.path, change: "added", bytes: size(entry) });
        else if (!sameNode(before, nodeFromEntry(entry, layer))) {
          rows.push({ layer, path: entry.path, change: "modified", bytes: size(entry) });
        }
        continue;
      }
      const root = whiteout.kind === "remove" ? whiteout.target : whiteout.directory;
      const prefix = root === "" ? "" : `${root}/`;
      for (const path of [...tree.keys()].sort(comparePaths)) {
        if (
          (whiteout.kind === "remove" && path === root) || path.startsWith(prefix) && path !== root
        ) {
          rows.push({
            layer,
            path,
            change: whiteout.kind === "remove" ? "removed" : "hidden",
            bytes: 0,
          });
        }
      }
    }
    tree = applyLayer(tree, entries, { layer });
  });
  return rows;
}

/**
 * One row per layer: entry count, file bytes stored, and counts of each kind of change.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { layerRows } from "./rows.ts";
 * const rows = layerRows([[{ path: "a", type: "file", content: new Uint8Array(5) }], [{ path: ".wh.a", type: "file" }]]);
 * assert.deepEqual(rows.map((r) => [r.layer, r.bytes, r.added, r.removed]), [[0, 5, 1, 0], [1, 0, 0, 1]]);
 * ```
 */
export function layerRows(layers: readonly (readonly TarEntry[])[]): {
  layer: number;
  entries: number;
  bytes: number;
  added: number;
  modified: number;
  removed: number;
  hidden: number;
}[] {
  checkLayers(layers, "count the changes of each layer");
  const changes = changeRows(layers);
  return layers.map((entries, layer) => {
    const count = (change: ChangeRow["change"]) =>
      changes.filter((r) => r.layer === layer && r.change === change).length;
    return {
      layer,
      entries: entries.length,
      bytes: entries.reduce((sum, entry) => sum + size(entry), 0),
      added: count("added"),
      modified: count("modified"),
      removed: count("removed"),
      hidden: count("hidden"),
    };
  });
}

/**
 * Which layer provides each visible non-directory of a tree (from `applyLayers`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyLayers } from "./changeset.ts";
 * import { providerRows } from "./rows.ts";
 * const tree = applyLayers([[{ path: "a", type: "file" }], [{ path: "b", type: "symlink", linkname: "a" }]]);
 * assert.deepEqual(providerRows(tree).map((r) => [r.path, r.layer]), [["a", 0], ["b", 1]]);
 * ```
 */
export function providerRows(
  rootfs: FsTree,
): { path: string; type: string; bytes: number; layer: number }[] {
  checkTree(rootfs, "list which layer provides each file");
  return [...rootfs.keys()].sort(comparePaths).filter((path) =>
    rootfs.get(path)!.type !== "directory"
  )
    .map((path) => {
      const node = rootfs.get(path)!;
      return { path, type: node.type, bytes: node.content?.length ?? 0, layer: node.layer };
    });
}

/**
 * File bytes stored in all layers against those visible in the final tree:
 *
 *   stored   = Σ over layers, over file entries, of content bytes
 *   visible  = Σ over files of the applied tree, of content bytes
 *   shadowed = stored − visible   (overwritten or deleted above, still shipped and kept on disk)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { storageSummary } from "./rows.ts";
 * const f = (n: number) => ({ path: "a", type: "file" as const, content: new Uint8Array(n) });
 * assert.deepEqual(storageSummary([[f(100)], [f(10)]]), { stored: 110, visible: 10, shadowed: 100 });
 * ```
 */
export function storageSummary(
  layers: readonly (readonly TarEntry[])[],
): { stored: number; visible: number; shadowed: number } {
  checkLayers(layers, "sum the bytes stored and visible");
  const stored = layers.flat().reduce((sum, entry) => sum + size(entry), 0);
  const tree = layers.reduce<FsTree>(
    (t, entries, layer) => applyLayer(t, entries, { layer }),
    new Map(),
  );
  let visible = 0;
  for (const node of tree.values()) visible += node.content?.length ?? 0;
  return { stored, visible, shadowed: stored - visible };
}
