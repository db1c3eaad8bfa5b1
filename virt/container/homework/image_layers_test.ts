import assert from "node:assert/strict";
import { assign, homeworkOptions } from "@src/exercise/mod.ts";
import type { TarEntry } from "../image/tar.ts";
import { applyLayers, changeRows, providerRows, storageSummary } from "../overlay/mod.ts";
import { imageLayers, type ImageLayersProblem } from "./image_layers.ts";

/** The problem's layers as OCI tar entries (whiteout files, opaque markers). */
function toEntries(problem: ImageLayersProblem): TarEntry[][] {
  return problem.layers.map((changes) =>
    changes.map((change): TarEntry => {
      const cut = change.path.lastIndexOf("/");
      if (change.kind === "file") {
        return {
          path: change.path,
          type: "file",
          content: new TextEncoder().encode(change.content),
        };
      }
      if (change.kind === "whiteout") {
        return {
          path: `${change.path.slice(0, cut)}/.wh.${change.path.slice(cut + 1)}`,
          type: "file",
        };
      }
      return { path: `${change.path}/.wh..wh..opq`, type: "file" };
    })
  );
}

Deno.test("image-layers: solve() agrees with virt/container/overlay on 300 seeds", () => {
  for (let seed = 0; seed < 300; seed++) {
    const problem = imageLayers.generate(seed, homeworkOptions(imageLayers, {}));
    const solution = imageLayers.solve(problem);
    const layers = toEntries(problem);
    const rootfs = applyLayers(layers);
    const label = `seed ${seed}`;
    assert.deepEqual(
      providerRows(rootfs).map((
        r,
      ) => [r.path, new TextDecoder().decode(rootfs.get(r.path)!.content), r.layer]),
      solution.files.map((f) => [f.path, f.content, f.layer]),
      label,
    );
    const storage = storageSummary(layers);
    assert.deepEqual([storage.stored, storage.visible], [
      solution.storedBytes,
      solution.visibleBytes,
    ], label);
    // What each marker hides: the files among changeRows' removed/hidden rows of that layer.
    // The problem's directories are leaves, so every removed/hidden row is a file.
    const fromOverlay = changeRows(layers).filter((r) =>
      r.change === "removed" || r.change === "hidden"
    )
      .map((r) => `${r.layer} ${r.path}`).sort();
    const fromSolve = solution.hidden.flatMap((h) => h.hides.map((path) => `${h.layer} ${path}`))
      .sort();
    assert.deepEqual(fromSolve, fromOverlay, label);
    assert.ok(problem.layers.length >= 3 && problem.layers.length <= 4, label);
    assert.equal(solution.hidden.filter((h) => h.marker.endsWith(".wh..wh..opq")).length, 1, label);
  }
});

Deno.test("image-layers: a hand-worked example", () => {
  // layer 0 writes etc/a "xx" and etc/b "y"; layer 1 whites out etc/b and rewrites etc/a "zzz";
  // layer 2 makes etc opaque and writes etc/c "w". stored = 2 + 1 + 3 + 1 = 7, visible = 1.
  const problem: ImageLayersProblem = {
    layers: [
      [{ kind: "file", path: "etc/a", content: "xx" }, {
        kind: "file",
        path: "etc/b",
        content: "y",
      }],
      [{ kind: "whiteout", path: "etc/b" }, { kind: "file", path: "etc/a", content: "zzz" }],
      [{ kind: "opaque", path: "etc" }, { kind: "file", path: "etc/c", content: "w" }],
    ],
  };
  const solution = imageLayers.solve(problem);
  assert.deepEqual(solution.files, [{ path: "etc/c", content: "w", layer: 2 }]);
  assert.deepEqual([solution.storedBytes, solution.visibleBytes], [7, 1]);
  assert.deepEqual(solution.hidden, [
    { layer: 1, marker: "etc/.wh.b", hides: ["etc/b"] },
    { layer: 2, marker: "etc/.wh..wh..opq", hides: ["etc/a"] },
  ]);
});

Deno.test("image-layers: deterministic per seed, seeds differ, answers only with -c, options checked", () => {
  assert.equal(
    assign(imageLayers, { seed: 3 }).text(true),
    assign(imageLayers, { seed: 3 }).text(true),
  );
  const texts = new Set(
    Array.from({ length: 10 }, (_, seed) => assign(imageLayers, { seed }).text()),
  );
  assert.equal(texts.size, 10);
  const sheet = assign(imageLayers, { seed: 3 });
  assert.doesNotMatch(sheet.text(), /stored \d+ B/);
  assert.match(sheet.text(true), /stored \d+ B, visible \d+ B/);
  assert.equal(assign(imageLayers, { seed: 3, options: { layers: 4 } }).problem.layers.length, 4);
  assert.throws(() => homeworkOptions(imageLayers, { layers: 2 }), /layers/);
});
