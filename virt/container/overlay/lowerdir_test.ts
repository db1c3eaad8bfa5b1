import assert from "node:assert/strict";
import { isWhiteout, ociLayerToLowerdir } from "./lowerdir.ts";

Deno.test("ociLayerToLowerdir()", async (t) => {
  await t.step("whiteouts become char 0/0, opaque markers set the directory's flag", () => {
    // overlayfs.rst "whiteouts and opaque directories"
    const dir = ociLayerToLowerdir([
      { path: "tmp/.wh.x", type: "file" },
      { path: "var/cache/.wh..wh..opq", type: "file" },
    ], 2);
    assert.ok(isWhiteout(dir.tree.get("tmp/x")));
    assert.ok(dir.opaque.has("var/cache"));
    assert.equal(dir.tree.get("var/cache")!.layer, 2);
  });
  await t.step("a built layer or a string index names the fix", () => {
    assert.throws(
      () => ociLayerToLowerdir({ entries: [] } as never),
      /entries must be an array of tar entries \(got object\); pass the built layer's \.entries/,
    );
    assert.throws(
      () => ociLayerToLowerdir([], "0" as never),
      /layer must be a whole number ≥ 0 \(got "0"\)/,
    );
  });
});
