/**
 * Benchmarks of the image model: tar write/read, sha256, gzip, building and loading an image,
 * applying its layers. Run `deno bench -A virt/container/image/image_bench.ts`.
 *
 * `deno run -A virt/container/image/image_bench.ts [runs]` also unpacks one generated image
 * (3 layers, 2000 small files, whiteouts and an opaque directory) three ways, side by side:
 * in memory (loadImage + applyLayers), to a directory on disk (… + writeTree), and with the
 * real `umoci unpack`, which does the same job (verify, gunzip, untar, whiteouts) in Go.
 *
 * @module
 */

import { gzipSync } from "node:zlib";
import { applyLayers } from "../overlay/changeset.ts";
import { writeTree } from "../overlay/disk.ts";
import { buildImage, type LayerSpec } from "./build.ts";
import { sha256Digest } from "./descriptor.ts";
import { loadImage, writeLayout } from "./layout.ts";
import { readTar, writeTar } from "./tar.ts";

/** 3 layers, `files` small files in all: adds, modifications, whiteouts, an opaque directory. */
function generatedLayers(files = 2000): LayerSpec[] {
  const text = (i: number, version: number) => `file ${i} version ${version}\n`.repeat(1 + (i % 7));
  const base: Record<string, string> = {};
  const baseCount = Math.floor(files * 0.6);
  for (let i = 0; i < baseCount; i++) base[`/usr/share/d${i % 40}/f${i}`] = text(i, 0);
  const app: Record<string, string> = {};
  for (let i = baseCount; i < Math.floor(files * 0.85); i++) {
    app[`/app/m${i % 20}/f${i}`] = text(i, 1);
  }
  for (let i = 0; i < 200; i++) app[`/usr/share/d${i % 40}/f${i}`] = text(i, 1); // modifications
  const top: Record<string, string> = {};
  for (let i = Math.floor(files * 0.85); i < files; i++) top[`/srv/s${i % 10}/f${i}`] = text(i, 2);
  const remove = Array.from({ length: 100 }, (_, k) => `/usr/share/d${(300 + k) % 40}/f${300 + k}`);
  return [{ files: base }, { files: app }, { files: top, remove, opaque: ["/app/m3"] }];
}

const LAYERS = generatedLayers();
const IMAGE = buildImage(LAYERS, { tag: "bench" });
const TAR = IMAGE.layers[0].tar;
const ENTRIES = IMAGE.layers[0].entries;

Deno.bench(`writeTar: ${ENTRIES.length} entries (${(TAR.length / 1e6).toFixed(2)} MB)`, {
  group: "tar",
}, () => {
  writeTar(ENTRIES);
});
Deno.bench(`readTar: the same archive`, { group: "tar" }, () => {
  readTar(TAR);
});
Deno.bench(`sha256Digest: ${(TAR.length / 1e6).toFixed(2)} MB`, { group: "digest" }, () => {
  sha256Digest(TAR);
});
Deno.bench(`gzip level 9: ${(TAR.length / 1e6).toFixed(2)} MB`, { group: "digest" }, () => {
  gzipSync(TAR, { level: 9 });
});
Deno.bench("buildImage: 3 layers, 2000 files", { group: "image" }, () => {
  buildImage(LAYERS, { tag: "bench" });
});
Deno.bench("loadImage (verify + gunzip + untar) + applyLayers", { group: "image" }, () => {
  const loaded = loadImage(IMAGE.layout, "bench");
  applyLayers(loaded.layers.map((layer) => layer.entries));
});

if (import.meta.main) {
  const runs = Number(Deno.args[0] ?? 5);
  const root = await Deno.makeTempDir({ prefix: "image-bench-" });
  await writeLayout(IMAGE.layout, `${root}/layout`);
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const time = async (work: (run: number) => Promise<unknown> | unknown) => {
    const samples: number[] = [];
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      await work(run);
      samples.push(performance.now() - start);
    }
    return median(samples);
  };
  const memory = await time(() =>
    applyLayers(loadImage(IMAGE.layout, "bench").layers.map((l) => l.entries))
  );
  const disk = await time((run) =>
    writeTree(
      applyLayers(loadImage(IMAGE.layout, "bench").layers.map((l) => l.entries)),
      `${root}/ours${run}`,
    )
  );
  const umoci = await time(async (run) => {
    const output = await new Deno.Command("umoci", {
      args: ["unpack", "--image", `${root}/layout:bench`, `${root}/umoci${run}`],
      stdout: "null",
      stderr: "piped",
    }).output().catch(() => {
      throw new Error("umoci is not installed (apt-get install umoci)");
    });
    if (!output.success) {
      throw new Error(`umoci unpack failed: ${new TextDecoder().decode(output.stderr)}`);
    }
  });
  await Deno.remove(root, { recursive: true });
  const files = applyLayers(IMAGE.layers.map((l) => l.entries)).size;
  console.log(
    `Unpack one image: 3 layers, ${files} paths in the final tree (median of ${runs} runs)`,
  );
  console.log(
    `  ours, in memory (loadImage + applyLayers)      ${memory.toFixed(1).padStart(8)} ms`,
  );
  console.log(`  ours, to disk (… + writeTree)                  ${disk.toFixed(1).padStart(8)} ms`);
  console.log(
    `  umoci unpack (Go, to disk, + mtree manifest)   ${umoci.toFixed(1).padStart(8)} ms`,
  );
  console.log(`  (Deno ${Deno.version.deno})`);
}
