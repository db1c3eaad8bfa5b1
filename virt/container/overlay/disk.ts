/**
 * Trees on disk: write an in-memory tree into a real directory (what an unpacker does last) and
 * read a directory back into a tree (how the tests compare our result with `umoci unpack`).
 * Modes, owners (when running as root), contents and symlink targets are kept; times are not.
 *
 * ```
 *   FsTree ──writeTree(tree, dir)──► dir/etc/os-release …      (directories' modes set last,
 *   FsTree ◄──readTree(dir)────────  dir                        so a 0555 dir can be filled)
 * ```
 *
 * @module
 */

import { lchown } from "node:fs/promises";
import type { FsNode, FsTree } from "./tree.ts";
import { comparePaths } from "./tree.ts";

/**
 * Write a tree under `dir` (created if missing; it should be empty). Owners are set when
 * `owners` is true — only root may chown. Devices and fifos are not supported (Deno has no mknod).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readTree, writeTree } from "./disk.ts";
 * import { treeFromEntries } from "./tree.ts";
 * const dir = await Deno.makeTempDir();
 * const tree = treeFromEntries([{ path: "a", type: "directory", mode: 0o700 }, { path: "a/b", type: "symlink", linkname: "../c" }]);
 * await writeTree(tree, dir, { owners: false });
 * assert.equal((await readTree(dir)).get("a/b")!.linkname, "../c");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeTree(
  tree: FsTree,
  dir: string,
  options: { owners?: boolean } = {},
): Promise<void> {
  const owners = options.owners ?? Deno.uid() === 0;
  await Deno.mkdir(dir, { recursive: true });
  const paths = [...tree.keys()].sort(comparePaths);
  const directories: string[] = [];
  for (const path of paths) {
    const node = tree.get(path)!;
    const target = `${dir}/${path}`;
    switch (node.type) {
      case "directory":
        await Deno.mkdir(target, { recursive: true });
        directories.push(path);
        break;
      case "file":
        await Deno.writeFile(target, node.content ?? new Uint8Array(), { mode: 0o600 });
        await Deno.chmod(target, node.mode);
        break;
      case "symlink":
        await Deno.symlink(node.linkname ?? "", target);
        break;
      default:
        throw new RangeError(
          `Cannot write ${path}: ${node.type} nodes need mknod, which this model does not do; leave devices out of the tree`,
        );
    }
    if (owners) await lchown(target, node.uid, node.gid);
  }
  for (const path of directories.reverse()) {
    await Deno.chmod(`${dir}/${path}`, tree.get(path)!.mode);
  }
}

/**
 * Read a directory into a tree (lstat: symlinks are not followed). `layer` of every node is -1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readTree } from "./disk.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/hello`, "hi");
 * const tree = await readTree(dir);
 * assert.equal(new TextDecoder().decode(tree.get("hello")!.content), "hi");
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readTree(dir: string): Promise<FsTree> {
  const tree: FsTree = new Map();
  const walk = async (relative: string) => {
    for await (const entry of Deno.readDir(relative === "" ? dir : `${dir}/${relative}`)) {
      const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
      const full = `${dir}/${path}`;
      const info = await Deno.lstat(full);
      const base = {
        mode: (info.mode ?? 0) & 0o7777,
        uid: info.uid ?? 0,
        gid: info.gid ?? 0,
        layer: -1,
      };
      let node: FsNode;
      if (info.isSymlink) node = { type: "symlink", ...base, linkname: await Deno.readLink(full) };
      else if (info.isDirectory) node = { type: "directory", ...base };
      else if (info.isFile) node = { type: "file", ...base, content: await Deno.readFile(full) };
      else if (info.isCharDevice) {
        const rdev = info.rdev ?? 0;
        node = {
          type: "char",
          ...base,
          devmajor: (rdev >> 8) & 0xfff,
          devminor: (rdev & 0xff) | ((rdev >> 12) & 0xfff00),
        };
      } else node = { type: "fifo", ...base };
      tree.set(path, node);
      if (info.isDirectory) await walk(path);
    }
  };
  await walk("");
  return tree;
}
