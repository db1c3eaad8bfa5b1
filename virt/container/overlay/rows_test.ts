import assert from "node:assert/strict";
import type { TarEntry } from "../image/tar.ts";
import { changeRows, layerRows, providerRows, storageSummary } from "./rows.ts";
import { applyLayers } from "./changeset.ts";

const file = (path: string, size: number): TarEntry => ({
  path,
  type: "file",
  content: new Uint8Array(size),
});
const dir = (path: string): TarEntry => ({ path, type: "directory" });
// layer 0: var/, var/cache/, var/cache/a (100), var/cache/b (50), etc/, etc/motd (10)
// layer 1: etc/motd rewritten (12), var/cache made opaque, var/cache/c (5) added
// layer 2: etc/.wh.motd
const LAYERS: TarEntry[][] = [
  [
    dir("var"),
    dir("var/cache"),
    file("var/cache/a", 100),
    file("var/cache/b", 50),
    dir("etc"),
    file("etc/motd", 10),
  ],
  [
    dir("etc"),
    file("etc/motd", 12),
    dir("var"),
    dir("var/cache"),
    file("var/cache/.wh..wh..opq", 0),
    file("var/cache/c", 5),
  ],
  [dir("etc"), file("etc/.wh.motd", 0)],
];

Deno.test("layerRows(): added, modified, removed and hidden per layer, worked by hand", () => {
  assert.deepEqual(
    layerRows(LAYERS).map(({ layer, added, modified, removed, hidden, bytes }) => ({
      layer,
      added,
      modified,
      removed,
      hidden,
      bytes,
    })),
    [
      { layer: 0, added: 6, modified: 0, removed: 0, hidden: 0, bytes: 160 },
      { layer: 1, added: 1, modified: 1, removed: 0, hidden: 2, bytes: 17 },
      { layer: 2, added: 0, modified: 0, removed: 1, hidden: 0, bytes: 0 },
    ],
  );
  assert.deepEqual(changeRows(LAYERS).filter((r) => r.change === "hidden").map((r) => r.path), [
    "var/cache/a",
    "var/cache/b",
  ]);
});

Deno.test("providerRows() and storageSummary(): who provides what, bytes stored vs visible", () => {
  assert.deepEqual(providerRows(applyLayers(LAYERS)), [{
    path: "var/cache/c",
    type: "file",
    bytes: 5,
    layer: 1,
  }]);
  // stored 100 + 50 + 10 + 12 + 5 = 177; visible: only var/cache/c, 5
  assert.deepEqual(storageSummary(LAYERS), { stored: 177, visible: 5, shadowed: 172 });
});

Deno.test("rows and applyLayers: built layers or an image instead of entries name the fix", () => {
  const built = LAYERS.map((entries) => ({ entries }));
  assert.throws(() => layerRows(built as never), {
    name: "TypeError",
    message:
      /layers\[0\] must be an array of tar entries \(got object\); pass the built layer's \.entries/,
  });
  assert.throws(
    () => storageSummary(LAYERS[0] as never),
    /layers\[0\] is a single tar entry.*\[entries\]/,
  );
  assert.throws(
    () => changeRows({ layers: [] } as never),
    /pass image\.layers\.map\(\(layer\) => layer\.entries\)/,
  );
  assert.throws(
    () => providerRows({ rootfs: new Map() } as never),
    /the tree must be a Map.*unpackBundle\(image\)\.rootfs/,
  );
  assert.throws(() => applyLayers(LAYERS[0] as never), /is a single tar entry/);
});
