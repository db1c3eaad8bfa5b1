import assert from "node:assert/strict";
import { Random } from "@src/sim/mod.ts";
import type { TarEntry } from "../image/tar.ts";
import { applyLayer, applyLayers, diffTrees, whiteoutOf } from "./changeset.ts";
import { ociLayerToLowerdir } from "./lowerdir.ts";
import { OverlayMount } from "./overlayfs.ts";
import { compareTrees, type FsTree, treeFromEntries } from "./tree.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
const file = (path: string, text = "", mode = 0o644): TarEntry => ({
  path,
  type: "file",
  mode,
  content: bytes(text),
});
const dir = (path: string, mode = 0o755): TarEntry => ({ path, type: "directory", mode });

/** A random tree over a small name space, so that trees overlap and differ in every way. */
function randomTree(random: Random): FsTree {
  const entries: TarEntry[] = [];
  const names = ["a", "b", "c", "d"];
  const grow = (prefix: string, depth: number) => {
    for (const name of names) {
      const path = prefix ? `${prefix}/${name}` : name;
      const roll = random.int(0, 9);
      if (roll < 3) continue;
      if (roll < 6 && depth < 3) {
        entries.push(dir(path, random.choice([0o755, 0o700])));
        grow(path, depth + 1);
      } else if (roll < 9) {
        entries.push(file(path, random.choice(["", "x", "yy"]), random.choice([0o644, 0o600])));
      } else entries.push({ path, type: "symlink", linkname: random.choice(["a", "../b"]) });
    }
  };
  grow("", 0);
  return treeFromEntries(entries);
}

Deno.test("applyLayer(): whiteouts delete a subtree, opaque hides lower children only", () => {
  const base = applyLayer(new Map(), [
    dir("var"),
    dir("var/cache"),
    file("var/cache/a"),
    dir("var/cache/sub"),
    file("var/cache/sub/b"),
    dir("tmp"),
    file("tmp/x"),
  ]);
  const next = applyLayer(base, [
    dir("var/cache"),
    file("var/cache/new", "n"),
    file("var/cache/.wh..wh..opq"), // listed after "new": order must not matter
    file("tmp/.wh.x"),
  ], { layer: 1 });
  assert.deepEqual([...next.keys()].sort(), ["tmp", "var", "var/cache", "var/cache/new"]);
});

Deno.test("applyLayer(): a file replaces a directory subtree, a directory over a directory keeps children", () => {
  const base = applyLayer(new Map(), [dir("d"), file("d/x"), dir("e", 0o700), file("e/y")]);
  const next = applyLayer(base, [file("d", "now a file"), dir("e", 0o755)]);
  assert.deepEqual([...next.keys()].sort(), ["d", "e", "e/y"]);
  assert.equal(next.get("e")!.mode, 0o755);
});

Deno.test("applyLayer(): hardlinks copy their target; a missing target is a clear error", () => {
  const tree = applyLayer(new Map(), [file("a", "same"), {
    path: "b",
    type: "hardlink",
    linkname: "a",
  }]);
  assert.deepEqual(tree.get("b")!.content, bytes("same"));
  assert.throws(
    () => applyLayer(new Map(), [{ path: "b", type: "hardlink", linkname: "a" }]),
    /target a does not exist/,
  );
});

Deno.test("whiteoutOf() parses names per layer.md", () => {
  assert.deepEqual(whiteoutOf("./a/b/.wh.c"), { kind: "remove", target: "a/b/c" });
  assert.deepEqual(whiteoutOf(".wh..wh..opq"), { kind: "opaque", directory: "" });
  assert.equal(whiteoutOf("a/wh.c"), null);
});

Deno.test("diffTrees() then applyLayer() rebuilds the upper tree, on 300 random pairs", () => {
  for (let seed = 0; seed < 300; seed++) {
    const random = new Random(seed);
    const lower = randomTree(random.fork("lower"));
    const upper = randomTree(random.fork("upper"));
    const layer = diffTrees(lower, upper);
    const rebuilt = applyLayer(lower, layer);
    assert.deepEqual(compareTrees(rebuilt, upper), [], `seed ${seed}`);
    // minimal: nothing unchanged is emitted except parent directories of changes
    assert.deepEqual(diffTrees(upper, upper), []);
  }
});

Deno.test("an overlay of the layers as lowerdirs shows the same tree as applying them, on 200 random stacks", () => {
  for (let seed = 0; seed < 200; seed++) {
    const random = new Random(seed).fork("stack");
    const trees = [
      new Map() as FsTree,
      randomTree(random.fork(1)),
      randomTree(random.fork(2)),
      randomTree(random.fork(3)),
    ];
    const layers = trees.slice(1).map((tree, i) => diffTrees(trees[i], tree));
    const lowerdirs = layers.map((entries, i) => ociLayerToLowerdir(entries, i)).reverse();
    const merged = new OverlayMount({ lowerdirs }).merged();
    assert.deepEqual(compareTrees(merged, applyLayers(layers)), [], `seed ${seed}`);
    assert.deepEqual(compareTrees(merged, trees[3]), [], `seed ${seed}`);
  }
});
