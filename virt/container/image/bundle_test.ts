import assert from "node:assert/strict";
import { applyLayers } from "../overlay/changeset.ts";
import { readTree, writeTree } from "../overlay/disk.ts";
import { compareTrees } from "../overlay/tree.ts";
import { buildImage, type LayerSpec } from "./build.ts";
import { resolveUser, runtimeConfig, unpackBundle } from "./bundle.ts";
import { loadImage, readLayout, writeLayout } from "./layout.ts";
import { tool } from "./_tools.ts";

// Adds, a modification, a whiteout, an opaque directory, a symlink, odd modes and owners.
const LAYERS: LayerSpec[] = [
  {
    directories: { "/srv": { mode: 0o750, uid: 1000, gid: 1000 } },
    files: {
      "/etc/passwd": "root:x:0:0::/root:/bin/sh\nada:x:1001:100::/home/ada:/bin/sh\n",
      "/etc/group": "root:x:0:\nusers:x:100:\nstaff:x:50:\n",
      "/etc/motd": "welcome\n",
      "/tmp/x": "scratch",
      "/var/cache/a": "a",
      "/var/cache/sub/b": "b",
      "/srv/data": { content: "d", mode: 0o600, uid: 1000, gid: 1000 },
    },
    symlinks: { "/bin/sh": "busybox" },
  },
  { files: { "/etc/motd": "welcome back\n", "/bin/busybox": { content: "ELF…", mode: 0o755 } } },
  { remove: ["/tmp/x", "/var/cache/sub"], opaque: ["/var/cache"], files: { "/var/cache/c": "c" } },
];
const CONFIG = {
  Entrypoint: ["/bin/sh", "-c"],
  Cmd: ["echo $GREETING"],
  Env: ["PATH=/bin", "GREETING=hi"],
  WorkingDir: "/srv",
  User: "1001:50",
  Labels: { "org.example.team": "lab" },
  ExposedPorts: { "8080/tcp": {} },
};

Deno.test("umoci unpack of our image gives our rootfs and our process args/env/cwd/user", async () => {
  const image = buildImage(LAYERS, { tag: "v1", config: CONFIG });
  const ours = unpackBundle(image);
  const dir = await Deno.makeTempDir();
  await writeLayout(image.layout, `${dir}/layout`);
  await tool("umoci", ["unpack", "--image", `${dir}/layout:v1`, `${dir}/bundle`]);
  const theirs = await readTree(`${dir}/bundle/rootfs`);
  assert.deepEqual(compareTrees(ours.rootfs, theirs), [], "rootfs differs from umoci's");
  assert.ok(
    !theirs.has("tmp/x") && !theirs.has("var/cache/a") && theirs.has("var/cache/c"),
    "whiteouts honoured",
  );
  const config = JSON.parse(await Deno.readTextFile(`${dir}/bundle/config.json`));
  assert.deepEqual(config.process.args, ours.config.process.args);
  // umoci adds TERM=xterm and HOME from /etc/passwd: conversion.md allows extra variables
  // whose names are not in Config.Env. Ours are exactly Config.Env.
  const named = new Set(CONFIG.Env.map((v) => v.split("=")[0]));
  const extra = config.process.env.filter((v: string) => !named.has(v.split("=")[0]));
  assert.deepEqual(extra.sort(), ["HOME=/home/ada", "TERM=xterm"]);
  assert.deepEqual(
    config.process.env.filter((v: string) => named.has(v.split("=")[0])),
    ours.config.process.env,
  );
  assert.equal(config.process.cwd, ours.config.process.cwd);
  assert.deepEqual(
    { uid: config.process.user.uid, gid: config.process.user.gid },
    ours.config.process.user,
  );
  for (
    const key of [
      "org.example.team",
      "org.opencontainers.image.exposedPorts",
      "org.opencontainers.image.os",
      "org.opencontainers.image.architecture",
    ]
  ) {
    assert.equal(config.annotations[key], ours.config.annotations[key], key);
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("our reader parses an image umoci built (repack wrote whiteouts) and applies it like umoci", async () => {
  const dir = await Deno.makeTempDir();
  const layout = `${dir}/layout`;
  await tool("umoci", ["init", "--layout", layout]);
  await tool("umoci", ["new", "--image", `${layout}:base`]);
  await tool("umoci", ["unpack", "--image", `${layout}:base`, `${dir}/work`]);
  // Step 1: a few files, made with our tree writer.
  const step1 = applyLayers([[
    { path: "etc/motd", type: "file", content: new TextEncoder().encode("one\n") },
    {
      path: "opt/app/run",
      type: "file",
      mode: 0o755,
      content: new TextEncoder().encode("#!/bin/sh\n"),
    },
    { path: "opt/app/lib/x.so", type: "file", content: new Uint8Array(3000).fill(7) },
    { path: "tmp/junk", type: "file" },
    { path: "bin/sh", type: "symlink", linkname: "/opt/app/run" },
  ]]);
  await writeTree(step1, `${dir}/work/rootfs`);
  await tool("umoci", ["repack", "--refresh-bundle", "--image", `${layout}:v1`, `${dir}/work`]);
  // Step 2: modify, delete a file and a whole directory, change a mode.
  await Deno.writeTextFile(`${dir}/work/rootfs/etc/motd`, "two\n");
  await Deno.remove(`${dir}/work/rootfs/tmp/junk`);
  await Deno.remove(`${dir}/work/rootfs/opt/app/lib`, { recursive: true });
  await Deno.chmod(`${dir}/work/rootfs/opt/app/run`, 0o700);
  await tool("umoci", ["repack", "--image", `${layout}:v2`, `${dir}/work`]);
  await tool("umoci", [
    "config",
    "--image",
    `${layout}:v2`,
    "--config.entrypoint",
    "/opt/app/run",
    "--config.cmd",
    "serve",
    "--config.env",
    "MODE=prod",
    "--config.workingdir",
    "/opt/app",
    "--config.user",
    "1000:1000",
  ]);

  const image = loadImage(await readLayout(layout), "v2"); // verifies every digest and diff_id
  const whiteouts = image.layers.flatMap((l) => l.entries.map((e) => e.path)).filter((p) =>
    p.includes(".wh.")
  );
  assert.deepEqual(whiteouts.sort(), ["opt/app/.wh.lib", "tmp/.wh.junk"]);
  const ours = unpackBundle(image);
  await tool("umoci", ["unpack", "--image", `${layout}:v2`, `${dir}/check`]);
  assert.deepEqual(compareTrees(ours.rootfs, await readTree(`${dir}/check/rootfs`)), []);
  const config = JSON.parse(await Deno.readTextFile(`${dir}/check/config.json`));
  assert.deepEqual(ours.config.process.args, config.process.args);
  assert.deepEqual(ours.config.process.args, ["/opt/app/run", "serve"]);
  assert.equal(ours.config.process.cwd, config.process.cwd);
  assert.deepEqual(ours.config.process.user, { uid: 1000, gid: 1000 });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("runtimeConfig(): Labels win over implicit annotations; Volumes become mounts", () => {
  const config = runtimeConfig({
    architecture: "arm64",
    os: "linux",
    rootfs: { type: "layers", diff_ids: [] },
    config: {
      Cmd: ["top"],
      Labels: { "org.opencontainers.image.os": "plan9" },
      Volumes: { "/data": {} },
    },
  });
  assert.equal(config.annotations["org.opencontainers.image.os"], "plan9");
  assert.equal(config.annotations["org.opencontainers.image.architecture"], "arm64");
  assert.deepEqual(config.mounts.map((m) => m.destination), ["/data"]);
  assert.equal(config.process.cwd, "/");
  assert.throws(() => runtimeConfig(null as never), TypeError);
});

Deno.test("resolveUser(): names from the rootfs's passwd and group, errors for unknown names", () => {
  const { rootfs } = unpackBundle(buildImage(LAYERS));
  assert.deepEqual(resolveUser("ada", rootfs), { uid: 1001, gid: 100 });
  assert.deepEqual(resolveUser("ada:staff", rootfs), { uid: 1001, gid: 50 });
  assert.deepEqual(resolveUser("1001", rootfs), { uid: 1001, gid: 100 });
  assert.deepEqual(resolveUser(""), { uid: 0, gid: 0 });
  assert.throws(() => resolveUser("ada:wheel", rootfs), /group wheel is not in \/etc\/group/);
});

Deno.test("runtimeConfig() and unpackBundle(): wrong shapes name the field and the fix", () => {
  const base = {
    architecture: "amd64",
    os: "linux",
    rootfs: { type: "layers" as const, diff_ids: [] },
  };
  // a string Cmd would otherwise be spread into one argument per character
  assert.throws(() => runtimeConfig({ ...base, config: { Cmd: "nginx -t" as never } }), {
    name: "TypeError",
    message:
      /config\.Cmd must be an array of strings \(got "nginx -t"\); write e\.g\. Cmd: \["nginx", "-t"\]/,
  });
  const image = buildImage([{ files: { "/a": "x" } }], { tag: "v1" });
  assert.throws(
    () => unpackBundle(image.layout as never),
    /this is a layout: load it first with loadImage/,
  );
  assert.throws(
    () => unpackBundle(undefined as never),
    /pass an image from buildImage\(\) or loadImage\(\) \(got undefined\)/,
  );
});
