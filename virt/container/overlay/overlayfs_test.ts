import assert from "node:assert/strict";
import type { TarEntry } from "../image/tar.ts";
import { tool } from "../image/_tools.ts";
import { applyLayers } from "./changeset.ts";
import { readTree, writeTree } from "./disk.ts";
import { ociLayerToLowerdir, type OverlayDir } from "./lowerdir.ts";
import { OverlayMount } from "./overlayfs.ts";
import { compareTrees, type FsTree } from "./tree.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
const file = (path: string, text = ""): TarEntry => ({
  path,
  type: "file",
  mode: 0o644,
  content: bytes(text),
});
const dir = (path: string): TarEntry => ({ path, type: "directory", mode: 0o755 });

// Three OCI layers: adds, a modification, a whiteout, an opaque directory.
const LAYERS: TarEntry[][] = [
  [
    dir("etc"),
    file("etc/motd", "hello"),
    file("etc/hosts", "127.0.0.1"),
    dir("var"),
    dir("var/cache"),
    file("var/cache/a", "a"),
    dir("tmp"),
    file("tmp/x", "x"),
    dir("srv"),
    dir("srv/www"),
    file("srv/www/index", "i"),
  ],
  [dir("etc"), file("etc/motd", "hello again"), dir("tmp"), file("tmp/.wh.x")],
  [dir("var"), dir("var/cache"), file("var/cache/.wh..wh..opq"), file("var/cache/b", "b")],
];
const lowerdirs = () => LAYERS.map((entries, i) => ociLayerToLowerdir(entries, i)).reverse();

Deno.test("OverlayMount: lookups go top-down; whiteouts and opaque dirs hide lower names", () => {
  const mount = new OverlayMount({ lowerdirs: lowerdirs() });
  assert.equal(new TextDecoder().decode(mount.read("etc/motd")), "hello again");
  assert.equal(mount.lookup("etc/motd")!.from, "lower 1");
  assert.equal(mount.lookup("etc/hosts")!.from, "lower 2");
  assert.equal(mount.lookup("tmp/x"), null);
  assert.deepEqual(mount.readdir("var/cache"), ["b"]);
  assert.deepEqual(compareTrees(mount.merged(), applyLayers(LAYERS)), []);
});

Deno.test("OverlayMount: copy-up on first write, whiteout on delete, opaque mkdir, EXDEV rename", () => {
  const mount = new OverlayMount({ lowerdirs: lowerdirs() });
  mount.write("etc/hosts", bytes("10.0.0.1"));
  assert.deepEqual(mount.log.filter((e) => e.op === "copy-up").map((e) => [e.path, e.bytes]), [[
    "etc",
    0,
  ], ["etc/hosts", 9]]);
  mount.unlink("etc/motd");
  assert.equal(mount.upper.tree.get("etc/motd")!.type, "char");
  mount.write("tmp/fresh", bytes("new")); // a new file: no copy-up of itself
  mount.unlink("tmp/fresh"); // upper only: no whiteout needed
  assert.equal(mount.upper.tree.has("tmp/fresh"), false);
  mount.unlink("srv/www/index");
  mount.rmdir("srv/www");
  mount.mkdir("srv/www");
  assert.ok(mount.upper.opaque.has("srv/www"));
  assert.throws(
    () => mount.rename("var", "var2"),
    (e: unknown) => e instanceof Error && /EXDEV/.test(e.message),
  );
  assert.throws(() => mount.rmdir("etc"), /ENOTEMPTY/);
  assert.throws(() => mount.read("nope"), /ENOENT/);
});

// --- The kernel as oracle: the same layers as real lowerdirs, mounted with overlayfs. ---

async function writeOverlayDir(overlay: OverlayDir, path: string) {
  const plain: FsTree = new Map([...overlay.tree].filter(([, node]) => node.type !== "char"));
  await writeTree(plain, path, { owners: false });
  for (const [p, node] of overlay.tree) {
    if (node.type === "char") await tool("mknod", [`${path}/${p}`, "c", "0", "0"]);
  }
  for (const p of overlay.opaque) await setXattr(`${path}/${p}`, "trusted.overlay.opaque", "y");
}
const setXattr = (path: string, name: string, value: string) =>
  tool("/usr/bin/python3", [
    "-c",
    "import os,sys; os.setxattr(sys.argv[1], sys.argv[2], sys.argv[3].encode())",
    path,
    name,
    value,
  ]);
const getXattr = (path: string, name: string) =>
  tool("/usr/bin/python3", [
    "-c",
    "import os,sys\ntry: print(os.getxattr(sys.argv[1], sys.argv[2]).decode(), end='')\nexcept OSError: pass",
    path,
    name,
  ]);

async function mountOverlay(root: string, count: number, options = "") {
  const lower = Array.from({ length: count }, (_, i) => `${root}/lower${i}`).join(":");
  await Deno.mkdir(`${root}/upper`);
  await Deno.mkdir(`${root}/work`);
  await Deno.mkdir(`${root}/merged`);
  try {
    await tool("mount", [
      "-t",
      "overlay",
      "overlay",
      "-o",
      `lowerdir=${lower},upperdir=${root}/upper,workdir=${root}/work${options}`,
      `${root}/merged`,
    ]);
  } catch (error) {
    throw new Error(
      `This test needs root and overlayfs (mount -t overlay) as its oracle: ${
        (error as Error).message
      }`,
    );
  }
}

Deno.test("the kernel's overlayfs agrees: merged view, copy-up, whiteouts, opaque mkdir, EXDEV", async () => {
  const root = await Deno.makeTempDir();
  const dirs = lowerdirs();
  for (const [i, overlay] of dirs.entries()) await writeOverlayDir(overlay, `${root}/lower${i}`);
  await mountOverlay(root, dirs.length);
  try {
    const model = new OverlayMount({ lowerdirs: dirs });
    assert.deepEqual(
      compareTrees(await readTree(`${root}/merged`), model.merged()),
      [],
      "merged view",
    );
    // The same operations on both.
    await Deno.writeTextFile(`${root}/merged/etc/hosts`, "10.0.0.1");
    model.write("etc/hosts", bytes("10.0.0.1"));
    await Deno.remove(`${root}/merged/etc/motd`);
    model.unlink("etc/motd");
    await Deno.remove(`${root}/merged/srv/www`, { recursive: true });
    model.unlink("srv/www/index");
    model.rmdir("srv/www");
    await Deno.mkdir(`${root}/merged/srv/www`);
    model.mkdir("srv/www");
    await assert.rejects(
      Deno.rename(`${root}/merged/var`, `${root}/merged/var2`),
      /cross-device|os error 18/i,
    );
    assert.throws(() => model.rename("var", "var2"), /EXDEV/);
    assert.deepEqual(
      compareTrees(await readTree(`${root}/merged`), model.merged()),
      [],
      "merged after writes",
    );
    await tool("umount", [`${root}/merged`]);
    const upper = await readTree(`${root}/upper`);
    assert.deepEqual(
      compareTrees(upper, model.upper.tree),
      [],
      "upper directory: copy-ups and whiteouts",
    );
    assert.equal(await getXattr(`${root}/upper/srv/www`, "trusted.overlay.opaque"), "y");
  } finally {
    await tool("umount", [`${root}/merged`]).catch(() => {});
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("the kernel's overlayfs with redirect_dir=on renames a lower directory like the model", async () => {
  const root = await Deno.makeTempDir();
  const dirs = lowerdirs();
  for (const [i, overlay] of dirs.entries()) await writeOverlayDir(overlay, `${root}/lower${i}`);
  await mountOverlay(root, dirs.length, ",redirect_dir=on");
  try {
    const model = new OverlayMount({ lowerdirs: dirs, redirectDir: true });
    await Deno.rename(`${root}/merged/srv`, `${root}/merged/site`);
    model.rename("srv", "site");
    assert.deepEqual(model.readdir("site/www"), ["index"]);
    assert.deepEqual(
      compareTrees(await readTree(`${root}/merged`), model.merged()),
      [],
      "merged after rename",
    );
    await tool("umount", [`${root}/merged`]);
    const upper = await readTree(`${root}/upper`);
    assert.deepEqual(
      compareTrees(upper, model.upper.tree),
      [],
      "upper: the redirected dir and a whiteout",
    );
    // The kernel stores the old name (relative to the same parent) in the redirect xattr.
    assert.equal(await getXattr(`${root}/upper/site`, "trusted.overlay.redirect"), "srv");
    assert.equal(model.upper.redirects.get("site"), "srv");
  } finally {
    await tool("umount", [`${root}/merged`]).catch(() => {});
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("OverlayMount: '/etc/motd' and 'etc/motd' are the same file; text content is UTF-8", () => {
  const mount = new OverlayMount({ lowerdirs: lowerdirs() });
  mount.write("/etc/motd", "hi\n");
  assert.deepEqual(mount.read("etc/motd"), bytes("hi\n"));
  assert.deepEqual([...mount.upper.tree.keys()], ["etc", "etc/motd"]); // no "/etc/motd" key
  assert.equal(mount.lookup("/etc/motd/")!.from, "upper");
  assert.throws(() => mount.read("../etc/motd"), {
    name: "RangeError",
    message: /Cannot read "\.\.\/etc\/motd": "\.\." is not allowed/,
  });
  assert.throws(() => mount.lookup(3 as never), {
    name: "TypeError",
    message: /the path must be a string like "etc\/motd" \(got number 3\)/,
  });
  assert.throws(
    () => mount.write("etc/motd", [1, 2] as never),
    /content must be a Uint8Array or a string/,
  );
});

Deno.test("OverlayMount: tar entries or a misspelled option instead of lowerdirs name the fix", () => {
  assert.throws(() => new OverlayMount({ lowerdirs: LAYERS as never }), {
    name: "TypeError",
    message:
      /lowerdirs\[0\] is an array of tar entries; convert each layer with ociLayerToLowerdir/,
  });
  assert.throws(
    () => new OverlayMount({ lowerdir: lowerdirs() } as never),
    /option lowerdir is not a known option; the options are lowerdirs, redirectDir/,
  );
});
