/**
 * An overlayfs mount, modelled (Linux `Documentation/filesystems/overlayfs.rst`): read-only
 * *lower* directories stacked under one writable *upper* directory, seen as one *merged* tree.
 * Container runtimes mount an image this way: each layer unpacked once, shared by every
 * container, and each container gets its own empty upper directory.
 *
 * ```
 *   merged view   /etc/motd (upper)  /etc/hosts (lower 0)  /bin/sh (lower 1)
 *                 ────────────────────────────────────────────────────────
 *   upper  (rw)   etc/motd  tmp/x = whiteout (char 0/0)        layer index 0
 *   lower 0 (ro)  etc/motd  etc/hosts  tmp/x                   layer index 1   lowerdir=l0:l1
 *   lower 1 (ro)  etc/      bin/sh                             layer index 2   (l0 on top)
 * ```
 *
 * Rules modelled, each from overlayfs.rst:
 * - lookups go top-down; a non-directory hides everything below it; directories merge
 *   ("Directories"), unless the upper one is *opaque* (xattr trusted.overlay.opaque=y);
 * - a *whiteout* (a char device 0/0) hides the name in all lower layers ("whiteouts and opaque
 *   directories"); deleting a lower file leaves one in upper; mkdir over a whiteout makes an
 *   opaque directory;
 * - the first write to a lower file *copies it up* (whole file, parents first) ("Non-directories");
 * - rename of a directory that exists in a lower layer fails with EXDEV unless `redirectDir`,
 *   in which case the upper directory records `trusted.overlay.redirect` ("Renaming directories").
 *
 * Use `new OverlayMount({ lowerdirs, redirectDir })`, then `read`, `write`, `unlink`, `rmdir`,
 * `mkdir`, `rename`, `merged()`; lowerdirs come from `ociLayerToLowerdir` (lowerdir.ts).
 *
 * @module
 */

import { isWhiteout, type OverlayDir } from "./lowerdir.ts";
import { comparePaths, type FsNode, type FsTree } from "./tree.ts";

/**
 * An overlayfs error with its errno name (ENOENT, ENOTEMPTY, EXDEV…).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { OverlayError } from "./overlayfs.ts";
 * assert.equal(new OverlayError("EXDEV", "x").code, "EXDEV");
 * ```
 */
export class OverlayError extends Error {
  /** errno name. */
  readonly code: string;
  /** Builds the error. */
  constructor(code: string, message: string) {
    super(`${code}: ${message}`);
    this.name = "OverlayError";
    this.code = code;
  }
}

/**
 * One step in a mount's log (tidy rows for tables and charts).
 *
 * @example
 * ```ts
 * import type { OverlayEvent } from "./overlayfs.ts";
 * const e: OverlayEvent = { step: 0, op: "copy-up", path: "etc/motd", bytes: 12 };
 * ```
 */
export interface OverlayEvent {
  /** Sequence number. */
  readonly step: number;
  /** What happened: a call (write, unlink…) or an effect (copy-up, whiteout, opaque, redirect). */
  readonly op: string;
  /** Path in the merged view. */
  readonly path: string;
  /** Bytes copied or written. */
  readonly bytes: number;
}

/**
 * A path in the merged view as the tree stores it: no leading or trailing "/", no "." or "..".
 * "/etc/motd" and "etc/motd" name the same file (a learner writes either).
 */
function mergedPath(path: unknown, call: string): string {
  if (typeof path !== "string") {
    throw new TypeError(
      `Cannot ${call}: the path must be a string like "etc/motd" (got ${typeof path} ${
        String(path)
      })`,
    );
  }
  const parts = path.split("/").filter((part) => part !== "" && part !== ".");
  if (parts.includes("..")) {
    throw new RangeError(
      `Cannot ${call} ${
        JSON.stringify(path)
      }: ".." is not allowed; name the path from the root, like "etc/motd"`,
    );
  }
  return parts.join("/");
}

const parentOf = (path: string) => path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
const join = (parent: string, name: string) => parent === "" ? name : `${parent}/${name}`;

/** Where a merged path comes from: the node, its layer (0 = upper) and, for a directory, the
 * (layer, path) pairs whose contents merge into it, top first. */
interface Found {
  readonly node: FsNode;
  readonly layer: number;
  readonly stack: readonly { layer: number; path: string }[];
}

/**
 * A mounted overlay: `lowerdirs` top first (as in `lowerdir=top:…:bottom`), a fresh upper.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { OverlayMount } from "./overlayfs.ts";
 * import { ociLayerToLowerdir } from "./lowerdir.ts";
 * const base = ociLayerToLowerdir([{ path: "etc/motd", type: "file", content: new TextEncoder().encode("hello") }]);
 * const mount = new OverlayMount({ lowerdirs: [base] });
 * mount.write("etc/motd", new TextEncoder().encode("bye"));
 * assert.deepEqual(mount.log.map((e) => e.op), ["copy-up", "copy-up", "write"]); // etc/, then the file
 * assert.equal(new TextDecoder().decode(base.tree.get("etc/motd")!.content), "hello"); // lower untouched
 * ```
 */
export class OverlayMount {
  /** The writable upper directory. */
  readonly upper: OverlayDir = { tree: new Map(), opaque: new Set(), redirects: new Map() };
  /** Read-only lower directories, top first. */
  readonly lowerdirs: readonly OverlayDir[];
  /** Whether directory renames use redirects instead of failing with EXDEV. */
  readonly redirectDir: boolean;
  /** Every operation and effect, in order. */
  readonly log: OverlayEvent[] = [];

  /** Mount. `redirectDir` @default false (the kernel's default without CONFIG_OVERLAY_FS_REDIRECT_DIR). */
  constructor(options: { lowerdirs: readonly OverlayDir[]; redirectDir?: boolean }) {
    const known = ["lowerdirs", "redirectDir"];
    const unknown = Object.keys(options ?? {}).find((key) => !known.includes(key));
    if (unknown !== undefined) {
      throw new TypeError(
        `Cannot mount overlay: option ${unknown} is not a known option; the options are ${
          known.join(", ")
        }`,
      );
    }
    if (!Array.isArray(options?.lowerdirs) || options.lowerdirs.length === 0) {
      throw new TypeError(
        `Cannot mount overlay: lowerdirs must be a non-empty array of OverlayDir (top first) (got ${
          Array.isArray(options?.lowerdirs) ? "[]" : typeof options?.lowerdirs
        }); use ociLayerToLowerdir() per layer`,
      );
    }
    const bad = options.lowerdirs.findIndex((dir) => !(dir?.tree instanceof Map));
    if (bad >= 0) {
      throw new TypeError(
        `Cannot mount overlay: lowerdirs[${bad}] is ${
          Array.isArray(options.lowerdirs[bad]) ? "an array of tar entries" : "not an OverlayDir"
        }; convert each layer with ociLayerToLowerdir(entries, i)`,
      );
    }
    if (options.redirectDir !== undefined && typeof options.redirectDir !== "boolean") {
      throw new TypeError(
        `Cannot mount overlay: option redirectDir must be true or false (got ${options.redirectDir})`,
      );
    }
    this.lowerdirs = options.lowerdirs;
    this.redirectDir = options.redirectDir ?? false;
  }

  private dir(layer: number): OverlayDir {
    return layer === 0 ? this.upper : this.lowerdirs[layer - 1];
  }

  private record(op: string, path: string, bytes = 0) {
    this.log.push({ step: this.log.length, op, path, bytes });
  }

  /** Resolve a merged path (null when absent or whited out). */
  private find(path: string): Found | null {
    if (path === "") {
      const stack = Array.from(
        { length: this.lowerdirs.length + 1 },
        (_, layer) => ({ layer, path: "" }),
      );
      return {
        node: { type: "directory", mode: 0o755, uid: 0, gid: 0, layer: -1 },
        layer: -1,
        stack,
      };
    }
    const parent = this.find(parentOf(path));
    if (!parent || parent.node.type !== "directory") return null;
    const name = path.slice(path.lastIndexOf("/") + 1);
    const stack: { layer: number; path: string }[] = [];
    let found: FsNode | null = null;
    let foundLayer = -1;
    for (const { layer, path: base } of parent.stack) {
      const here = join(base, name);
      const node = this.dir(layer).tree.get(here);
      if (!node) continue;
      if (isWhiteout(node)) break; // hides this name in every lower layer
      if (found === null) {
        found = node;
        foundLayer = layer;
        if (node.type !== "directory") break; // a non-directory hides everything below
      } else if (node.type !== "directory") break;
      stack.push({ layer, path: here });
      if (this.dir(layer).opaque.has(here)) break;
      const redirect = this.dir(layer).redirects.get(here);
      if (redirect !== undefined) { // lower layers are searched under the old name
        for (const below of parent.stack.filter((s) => s.layer > layer)) {
          const node = this.dir(below.layer).tree.get(redirect);
          if (node?.type === "directory") stack.push({ layer: below.layer, path: redirect });
          if (!node || node.type === "directory") continue;
          break;
        }
        break;
      }
    }
    return found ? { node: found, layer: foundLayer, stack } : null;
  }

  /**
   * Look a path up: the node and which layer provides it ("upper" or "lower N"), or null.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { OverlayMount } from "./overlayfs.ts";
   * import { ociLayerToLowerdir } from "./lowerdir.ts";
   * const mount = new OverlayMount({ lowerdirs: [ociLayerToLowerdir([{ path: "a", type: "file" }])] });
   * assert.equal(mount.lookup("a")!.from, "lower 0");
   * assert.equal(mount.lookup("b"), null);
   * ```
   */
  lookup(path: string): { node: FsNode; from: string } | null {
    path = mergedPath(path, "look up");
    const found = this.find(path);
    return found
      ? { node: found.node, from: found.layer === 0 ? "upper" : `lower ${found.layer - 1}` }
      : null;
  }

  /**
   * Names in a merged directory, sorted (union over its stack, minus whiteouts).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { OverlayMount } from "./overlayfs.ts";
   * import { ociLayerToLowerdir } from "./lowerdir.ts";
   * const mount = new OverlayMount({ lowerdirs: [ociLayerToLowerdir([{ path: "d/a", type: "file" }]), ociLayerToLowerdir([{ path: "d/b", type: "file" }])] });
   * assert.deepEqual(mount.readdir("d"), ["a", "b"]);
   * ```
   */
  readdir(path: string): string[] {
    path = mergedPath(path, "readdir");
    const found = this.find(path);
    if (!found) throw new OverlayError("ENOENT", `readdir ${path}: no such directory`);
    if (found.node.type !== "directory") {
      throw new OverlayError("ENOTDIR", `readdir ${path}: not a directory`);
    }
    const names = new Set<string>();
    for (const { layer, path: base } of found.stack) {
      const prefix = base === "" ? "" : `${base}/`;
      for (const key of this.dir(layer).tree.keys()) {
        if (
          key.startsWith(prefix) && key.length > prefix.length &&
          !key.slice(prefix.length).includes("/")
        ) {
          names.add(key.slice(prefix.length));
        }
      }
    }
    return [...names].filter((name) => this.find(join(path, name)) !== null).sort();
  }

  /**
   * The content of a merged file.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { OverlayMount } from "./overlayfs.ts";
   * import { ociLayerToLowerdir } from "./lowerdir.ts";
   * const mount = new OverlayMount({ lowerdirs: [ociLayerToLowerdir([{ path: "a", type: "file", content: new Uint8Array([1]) }])] });
   * assert.deepEqual(mount.read("a"), new Uint8Array([1]));
   * ```
   */
  read(path: string): Uint8Array {
    path = mergedPath(path, "read");
    const found = this.find(path);
    if (!found) throw new OverlayError("ENOENT", `read ${path}: no such file`);
    if (found.node.type !== "file") {
      throw new OverlayError("EISDIR", `read ${path}: a ${found.node.type}, not a file`);
    }
    return found.node.content ?? new Uint8Array();
  }

  /** Copy a path (and its parents) up into the upper directory; returns its upper node. */
  private copyUp(path: string): FsNode {
    const found = this.find(path);
    if (!found) throw new OverlayError("ENOENT", `${path}: no such file or directory`);
    if (found.layer === 0) return found.node;
    if (parentOf(path) !== "") this.copyUp(parentOf(path));
    this.upper.tree.set(path, { ...found.node, layer: 0 }); // a directory: metadata only
    this.record("copy-up", path, found.node.content?.length ?? 0);
    return this.upper.tree.get(path)!;
  }

  /** Whether a name exists below the upper layer (then deleting it needs a whiteout). */
  private inLower(path: string): boolean {
    const found = this.find(path);
    return found !== null && (found.layer > 0 || found.stack.some((s) => s.layer > 0));
  }

  /**
   * Write a whole file (creating it when absent): copy-up first when it lives in a lower layer.
   * `content` is bytes, or text (stored as UTF-8). Paths may start with "/".
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { OverlayMount } from "./overlayfs.ts";
   * import { ociLayerToLowerdir } from "./lowerdir.ts";
   * const mount = new OverlayMount({ lowerdirs: [ociLayerToLowerdir([{ path: "new", type: "directory" }])] });
   * mount.write("new/file", new Uint8Array(10));
   * assert.equal(mount.lookup("new/file")!.from, "upper");
   * ```
   */
  write(path: string, content: Uint8Array | string, options: { mode?: number } = {}): void {
    path = mergedPath(path, "write");
    if (typeof content === "string") content = new TextEncoder().encode(content);
    if (!(content instanceof Uint8Array)) {
      throw new TypeError(
        `Cannot write ${path}: content must be a Uint8Array or a string (got ${typeof content}); e.g. new TextEncoder().encode("hello\\n")`,
      );
    }
    const found = this.find(path);
    if (found && found.node.type !== "file") {
      throw new OverlayError("EISDIR", `write ${path}: a ${found.node.type}`);
    }
    const parent = this.find(parentOf(path));
    if (!parent || parent.node.type !== "directory") {
      throw new OverlayError("ENOENT", `write ${path}: parent directory missing`);
    }
    let node: FsNode | null = null;
    if (found) node = this.copyUp(path); // copy-up: the whole file, parents first
    else if (parentOf(path) !== "") this.copyUp(parentOf(path));
    this.upper.tree.set(path, {
      type: "file",
      mode: options.mode ?? node?.mode ?? 0o644,
      uid: node?.uid ?? 0,
      gid: node?.gid ?? 0,
      content,
      layer: 0,
    });
    this.record("write", path, content.length);
  }

  /**
   * Delete a file (or symlink): gone from upper, and a whiteout if a lower layer has it.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { OverlayMount } from "./overlayfs.ts";
   * import { ociLayerToLowerdir } from "./lowerdir.ts";
   * const mount = new OverlayMount({ lowerdirs: [ociLayerToLowerdir([{ path: "a", type: "file" }])] });
   * mount.unlink("a");
   * assert.equal(mount.lookup("a"), null);
   * assert.equal(mount.upper.tree.get("a")!.type, "char"); // the whiteout
   * ```
   */
  unlink(path: string): void {
    path = mergedPath(path, "unlink");
    const found = this.find(path);
    if (!found) throw new OverlayError("ENOENT", `unlink ${path}: no such file`);
    if (found.node.type === "directory") {
      throw new OverlayError("EISDIR", `unlink ${path}: use rmdir`);
    }
    this.remove(path, "unlink");
  }

  /**
   * Delete an empty directory (ENOTEMPTY otherwise); a whiteout if a lower layer has it.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { OverlayMount } from "./overlayfs.ts";
   * import { ociLayerToLowerdir } from "./lowerdir.ts";
   * const mount = new OverlayMount({ lowerdirs: [ociLayerToLowerdir([{ path: "d/a", type: "file" }])] });
   * assert.throws(() => mount.rmdir("d"), /ENOTEMPTY/);
   * ```
   */
  rmdir(path: string): void {
    path = mergedPath(path, "rmdir");
    const found = this.find(path);
    if (!found) throw new OverlayError("ENOENT", `rmdir ${path}: no such directory`);
    if (found.node.type !== "directory") {
      throw new OverlayError("ENOTDIR", `rmdir ${path}: not a directory`);
    }
    if (this.readdir(path).length > 0) {
      throw new OverlayError("ENOTEMPTY", `rmdir ${path}: directory not empty`);
    }
    this.remove(path, "rmdir");
  }

  private remove(path: string, op: string) {
    const lower = this.inLower(path);
    if (parentOf(path) !== "") this.copyUp(parentOf(path));
    for (const key of [...this.upper.tree.keys()]) {
      if (key === path || key.startsWith(`${path}/`)) this.upper.tree.delete(key);
    }
    this.upper.opaque.delete(path);
    this.record(op, path);
    if (lower) {
      this.upper.tree.set(path, {
        type: "char",
        mode: 0,
        uid: 0,
        gid: 0,
        devmajor: 0,
        devminor: 0,
        layer: 0,
      });
      this.record("whiteout", path);
    }
  }

  /**
   * Make a directory; over a whiteout it becomes opaque, so the old lower contents stay hidden.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { OverlayMount } from "./overlayfs.ts";
   * import { ociLayerToLowerdir } from "./lowerdir.ts";
   * const mount = new OverlayMount({ lowerdirs: [ociLayerToLowerdir([{ path: "d/a", type: "file" }])] });
   * mount.unlink("d/a"); mount.rmdir("d"); mount.mkdir("d");
   * assert.ok(mount.upper.opaque.has("d"));
   * assert.deepEqual(mount.readdir("d"), []);
   * ```
   */
  mkdir(path: string, options: { mode?: number } = {}): void {
    path = mergedPath(path, "mkdir");
    if (this.find(path)) throw new OverlayError("EEXIST", `mkdir ${path}: exists`);
    if (parentOf(path) !== "") this.copyUp(parentOf(path));
    const overWhiteout = isWhiteout(this.upper.tree.get(path));
    this.upper.tree.set(path, {
      type: "directory",
      mode: options.mode ?? 0o755,
      uid: 0,
      gid: 0,
      layer: 0,
    });
    this.record("mkdir", path);
    if (overWhiteout) {
      this.upper.opaque.add(path);
      this.record("opaque", path);
    }
  }

  /**
   * Rename. A file is copied up and moved. A directory that only upper has is moved. A
   * directory with lower contents: EXDEV (mv then copies and deletes), or with `redirectDir`
   * an upper directory at the new name redirecting lookups to the old one, and a whiteout there.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { OverlayMount } from "./overlayfs.ts";
   * import { ociLayerToLowerdir } from "./lowerdir.ts";
   * const lower = ociLayerToLowerdir([{ path: "d/a", type: "file" }]);
   * assert.throws(() => new OverlayMount({ lowerdirs: [lower] }).rename("d", "e"), /EXDEV/);
   * const mount = new OverlayMount({ lowerdirs: [lower], redirectDir: true });
   * mount.rename("d", "e");
   * assert.deepEqual(mount.readdir("e"), ["a"]);
   * assert.equal(mount.lookup("d"), null);
   * ```
   */
  rename(from: string, to: string): void {
    from = mergedPath(from, "rename");
    to = mergedPath(to, "rename");
    const found = this.find(from);
    if (!found) throw new OverlayError("ENOENT", `rename ${from}: no such file or directory`);
    if (this.find(to)) {
      throw new OverlayError("EEXIST", `rename ${from} → ${to}: target exists (not modelled)`);
    }
    if (!this.find(parentOf(to))) {
      throw new OverlayError("ENOENT", `rename → ${to}: parent missing`);
    }
    const lowerDir = found.node.type === "directory" && this.inLower(from);
    if (lowerDir && !this.redirectDir) {
      throw new OverlayError(
        "EXDEV",
        `rename ${from} → ${to}: ${from} is a merged/lower directory and redirect_dir is off; tools like mv fall back to copy and delete`,
      );
    }
    if (parentOf(to) !== "") this.copyUp(parentOf(to));
    if (lowerDir) {
      const origin = found.stack.find((s) => s.layer > 0)!.path;
      const upperPart = [...this.upper.tree.entries()].filter(([k]) => k.startsWith(`${from}/`));
      this.upper.tree.set(to, { ...found.node, layer: 0 });
      for (const [key, node] of upperPart) this.upper.tree.set(to + key.slice(from.length), node);
      this.upper.redirects.set(to, origin);
      this.record("redirect", to);
    } else {
      const node = this.copyUp(from);
      const moved = [...this.upper.tree.entries()].filter(([k]) => k.startsWith(`${from}/`));
      this.upper.tree.set(to, node);
      for (const [key, child] of moved) this.upper.tree.set(to + key.slice(from.length), child);
    }
    this.record("rename", to);
    this.remove(from, "rename-source");
  }

  /**
   * The whole merged view as a plain tree (node.layer: 0 = upper, N + 1 = lower N).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { OverlayMount } from "./overlayfs.ts";
   * import { ociLayerToLowerdir } from "./lowerdir.ts";
   * const mount = new OverlayMount({ lowerdirs: [ociLayerToLowerdir([{ path: "a/b", type: "file" }])] });
   * assert.deepEqual([...mount.merged().keys()], ["a", "a/b"]);
   * ```
   */
  merged(): FsTree {
    const tree: FsTree = new Map();
    const walk = (path: string) => {
      for (const name of this.readdir(path)) {
        const child = join(path, name);
        const found = this.find(child)!;
        tree.set(child, { ...found.node, layer: found.layer });
        if (found.node.type === "directory") walk(child);
      }
    };
    walk("");
    return new Map([...tree.entries()].sort(([a], [b]) => comparePaths(a, b)));
  }
}
