/**
 * An overlay directory: how one layer looks on disk under overlayfs
 * (`Documentation/filesystems/overlayfs.rst` "whiteouts and opaque directories"). Files are
 * ordinary files; a deleted name is a *whiteout*, a character device with device number 0/0;
 * a directory that hides everything below it carries the xattr `trusted.overlay.opaque=y`;
 * a renamed directory carries `trusted.overlay.redirect=<old path>`.
 *
 * ```
 *   OCI layer (tar)              overlay lowerdir (what containerd's snapshotter unpacks)
 *   tmp/.wh.x                ─►  tmp/x            char 0/0
 *   var/cache/.wh..wh..opq   ─►  var/cache/       xattr trusted.overlay.opaque=y
 *   etc/motd                 ─►  etc/motd         the same file
 * ```
 *
 * `ociLayerToLowerdir(entries)` does that conversion; `OverlayMount` (overlayfs.ts) stacks them.
 *
 * @module
 */

import type { TarEntry } from "../image/tar.ts";
import { checkEntries } from "./_check.ts";
import { OPAQUE_WHITEOUT, whiteoutOf } from "./changeset.ts";
import { type FsNode, type FsTree, nodeFromEntry } from "./tree.ts";

/**
 * One overlay directory: a tree plus the overlay xattrs of its directories.
 *
 * @example
 * ```ts
 * import type { OverlayDir } from "./lowerdir.ts";
 * const empty: OverlayDir = { tree: new Map(), opaque: new Set(), redirects: new Map() };
 * ```
 */
export interface OverlayDir {
  /** The files. */
  readonly tree: FsTree;
  /** Directories with trusted.overlay.opaque=y. */
  readonly opaque: Set<string>;
  /** Directories with trusted.overlay.redirect=<path in the lower layers>. */
  readonly redirects: Map<string, string>;
}

/**
 * Whether a node is an overlayfs whiteout: a char device 0/0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isWhiteout } from "./lowerdir.ts";
 * assert.ok(isWhiteout({ type: "char", mode: 0, uid: 0, gid: 0, devmajor: 0, devminor: 0, layer: 0 }));
 * ```
 */
export const isWhiteout = (node: FsNode | undefined): boolean =>
  node?.type === "char" && !node.devmajor && !node.devminor;
const parentOf = (path: string) => path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";

/**
 * An OCI layer's entries as an overlay lowerdir: whiteout files become char 0/0 nodes, opaque
 * markers set the directory's opaque flag.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ociLayerToLowerdir } from "./lowerdir.ts";
 * const dir = ociLayerToLowerdir([{ path: "tmp/.wh.x", type: "file" }, { path: "var/.wh..wh..opq", type: "file" }]);
 * assert.equal(dir.tree.get("tmp/x")!.type, "char");
 * assert.ok(dir.opaque.has("var"));
 * ```
 */
export function ociLayerToLowerdir(entries: readonly TarEntry[], layer = 0): OverlayDir {
  checkEntries(entries, "convert a layer to a lowerdir");
  if (!Number.isInteger(layer) || layer < 0) {
    throw new TypeError(
      `Cannot convert a layer to a lowerdir: layer must be a whole number ≥ 0 (got ${
        JSON.stringify(layer)
      }); pass the layer's index, e.g. 0`,
    );
  }
  const dir: OverlayDir = { tree: new Map(), opaque: new Set(), redirects: new Map() };
  for (const entry of entries) {
    const whiteout = whiteoutOf(entry.path);
    const ensure = (path: string) => {
      for (let p = parentOf(path); p !== "" && !dir.tree.has(p); p = parentOf(p)) {
        dir.tree.set(p, { type: "directory", mode: 0o755, uid: 0, gid: 0, layer });
      }
    };
    if (whiteout?.kind === "remove") {
      ensure(whiteout.target);
      dir.tree.set(whiteout.target, {
        type: "char",
        mode: 0,
        uid: 0,
        gid: 0,
        devmajor: 0,
        devminor: 0,
        layer,
      });
    } else if (whiteout?.kind === "opaque") {
      ensure(`${whiteout.directory}/${OPAQUE_WHITEOUT}`);
      if (!dir.tree.has(whiteout.directory)) {
        dir.tree.set(whiteout.directory, { type: "directory", mode: 0o755, uid: 0, gid: 0, layer });
      }
      dir.opaque.add(whiteout.directory);
    } else if (entry.type !== "hardlink") {
      ensure(entry.path);
      dir.tree.set(entry.path, nodeFromEntry(entry, layer));
    }
  }
  return dir;
}
