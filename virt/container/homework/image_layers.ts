/**
 * Homework `image-layers`: read an image's layers by hand. Three or four seeded layers add
 * files, modify them, delete some with whiteouts (`.wh.<name>`, image-spec layer.md) and hide a
 * whole directory with an opaque whiteout (`.wh..wh..opq`). The learner works out:
 *
 * ```
 *   1. the final file list: path, content, and which layer provides it
 *   2. bytes stored in all layers vs bytes visible in the container:
 *        stored  = Σ over layers, over files written, of content length
 *        visible = Σ over the final files, of content length
 *   3. for each whiteout and opaque marker: which files it hides
 * ```
 *
 * `solve` replays the layers on a plain object, one rule at a time (whiteouts of a layer act on
 * the layers below it, then its files are written); the tests check it against
 * `virt/container/overlay` (applyLayers, changeRows, storageSummary) over many seeds.
 *
 * Usage: `deno task homework image-layers --seed 7 [-c]`.
 *
 * @module
 */

import { defineHomework, z } from "@src/exercise/mod.ts";
import { Random } from "@src/sim/mod.ts";

/**
 * One change in a layer: write a file, white one out, or make a directory opaque.
 *
 * @example
 * ```ts
 * import type { LayerChange } from "./image_layers.ts";
 * const change: LayerChange = { kind: "whiteout", path: "tmp/cache.db" };
 * ```
 */
export type LayerChange =
  | { readonly kind: "file"; readonly path: string; readonly content: string }
  | { readonly kind: "whiteout"; readonly path: string }
  | { readonly kind: "opaque"; readonly path: string };

/**
 * A generated problem: the layers, bottom first.
 *
 * @example
 * ```ts
 * import type { ImageLayersProblem } from "./image_layers.ts";
 * const p: ImageLayersProblem = { layers: [[{ kind: "file", path: "etc/motd", content: "hi" }]] };
 * ```
 */
export interface ImageLayersProblem {
  /** Each layer's changes, in tar order. */
  readonly layers: readonly (readonly LayerChange[])[];
}

/**
 * The answer key.
 *
 * @example
 * ```ts
 * import type { ImageLayersSolution } from "./image_layers.ts";
 * type File = ImageLayersSolution["files"][number];
 * ```
 */
export interface ImageLayersSolution {
  /** Visible files, sorted by path. */
  readonly files: readonly { path: string; content: string; layer: number }[];
  /** Bytes of every file written in every layer. */
  readonly storedBytes: number;
  /** Bytes of the visible files. */
  readonly visibleBytes: number;
  /** For each whiteout or opaque marker: the files below it that it hides (sorted). */
  readonly hidden: readonly { layer: number; marker: string; hides: string[] }[];
}

const Options = z.object({
  layers: z.number().int().min(0).max(4).default(0).describe("number of layers, 3 or 4; 0: seeded")
    .refine((n) => n === 0 || n >= 3, "layers must be 0 (seeded), 3 or 4"),
});

/**
 * Options of the `image-layers` generator.
 *
 * @example
 * ```ts
 * import type { ImageLayersOptions } from "./image_layers.ts";
 * const options: ImageLayersOptions = { layers: 4 };
 * ```
 */
export type ImageLayersOptions = z.output<typeof Options>;

const DIRECTORIES = ["etc", "app", "var/cache", "srv/www"];
const NAMES = ["config", "motd", "index", "data.db", "log", "run.sh", "notes", "cert.pem"];
const WORDS = [
  "alpha",
  "bravo",
  "cobalt",
  "delta",
  "ember",
  "fjord",
  "gamma",
  "harbor",
  "indigo",
  "juniper",
];

function generate(seed: number, options: ImageLayersOptions): ImageLayersProblem {
  const random = new Random(seed).fork("image-layers");
  const count = options.layers || random.int(3, 4);
  const content = (layer: number) =>
    `${random.choice(WORDS)}-v${layer}${"!".repeat(random.int(0, 6))}`;
  const visible = new Set<string>();
  const layers: LayerChange[][] = [];
  const used = new Set<string>();
  const freshPath = (directory?: string) => {
    for (;;) {
      const path = `${directory ?? random.choice(DIRECTORIES)}/${random.choice(NAMES)}`;
      if (!used.has(path)) {
        used.add(path);
        return path;
      }
    }
  };
  // Base layer: one or two files in every directory (4–8 files).
  const base: LayerChange[] = [];
  for (const directory of DIRECTORIES) {
    for (let i = 0; i < 1 + random.int(0, 1); i++) {
      base.push({ kind: "file", path: freshPath(directory), content: content(0) });
    }
  }
  layers.push(base);
  base.forEach((c) => visible.add(c.path));
  const opaqueLayer = random.int(1, count - 1);
  for (let layer = 1; layer < count; layer++) {
    const changes: LayerChange[] = [];
    const pool = random.shuffle([...visible].sort());
    const removed = new Set<string>();
    if (layer === opaqueLayer) {
      const candidates = DIRECTORIES.filter((d) => pool.some((p) => p.startsWith(`${d}/`)));
      const directory = random.choice(candidates);
      changes.push({ kind: "opaque", path: directory });
      for (const path of [...visible]) if (path.startsWith(`${directory}/`)) removed.add(path);
      changes.push({ kind: "file", path: freshPath(directory), content: content(layer) });
    }
    const rest = pool.filter((p) => !removed.has(p));
    const modify = rest.slice(0, random.int(1, 2));
    const remove = rest.slice(modify.length, modify.length + random.int(1, 2));
    for (const path of modify) changes.push({ kind: "file", path, content: content(layer) });
    for (const path of remove) {
      changes.push({ kind: "whiteout", path });
      removed.add(path);
    }
    for (let i = random.int(1, 2); i > 0; i--) {
      changes.push({ kind: "file", path: freshPath(), content: content(layer) });
    }
    for (const path of removed) visible.delete(path);
    for (const change of changes) if (change.kind === "file") visible.add(change.path);
    layers.push(changes);
  }
  return { layers };
}

function solve(problem: ImageLayersProblem): ImageLayersSolution {
  // The filesystem as a plain record: path → { content, layer }.
  let files: Record<string, { content: string; layer: number }> = {};
  let storedBytes = 0;
  const hidden: { layer: number; marker: string; hides: string[] }[] = [];
  const utf8 = (text: string) => new TextEncoder().encode(text).length;
  problem.layers.forEach((changes, layer) => {
    const below = files; // whiteouts see only the layers below (layer.md)
    files = { ...files };
    for (const change of changes) {
      if (change.kind === "whiteout") {
        const name = change.path.split("/").pop();
        const marker = `${change.path.slice(0, change.path.lastIndexOf("/"))}/.wh.${name}`;
        hidden.push({ layer, marker, hides: below[change.path] ? [change.path] : [] });
        delete files[change.path];
      } else if (change.kind === "opaque") {
        const hides = Object.keys(below).filter((path) => path.startsWith(`${change.path}/`))
          .sort();
        hidden.push({ layer, marker: `${change.path}/.wh..wh..opq`, hides });
        for (const path of hides) delete files[path];
      }
    }
    for (const change of changes) {
      if (change.kind !== "file") continue;
      files[change.path] = { content: change.content, layer };
      storedBytes += utf8(change.content);
    }
  });
  const list = Object.keys(files).sort().map((path) => ({ path, ...files[path] }));
  return {
    files: list,
    storedBytes,
    visibleBytes: list.reduce((sum, f) => sum + utf8(f.content), 0),
    hidden,
  };
}

function render(problem: ImageLayersProblem, solution?: ImageLayersSolution): string {
  const out = [
    `An image has ${problem.layers.length} layers (bottom first). Each is a tar changeset: a file entry adds or`,
    "replaces a file; `.wh.<name>` deletes <name> from the layers below; `<dir>/.wh..wh..opq` hides",
    "everything the layers below put in <dir> (image-spec layer.md). Content sizes are in bytes.",
    "",
  ];
  problem.layers.forEach((changes, layer) => {
    out.push(`layer ${layer}:`);
    for (const change of changes) {
      if (change.kind === "file") {
        out.push(
          `  ${change.path.padEnd(24)} "${change.content}" (${
            new TextEncoder().encode(change.content).length
          } B)`,
        );
      } else if (change.kind === "whiteout") {
        const cut = change.path.lastIndexOf("/");
        out.push(
          `  ${
            `${change.path.slice(0, cut)}/.wh.${change.path.slice(cut + 1)}`.padEnd(24)
          } whiteout`,
        );
      } else out.push(`  ${`${change.path}/.wh..wh..opq`.padEnd(24)} opaque whiteout`);
    }
  });
  out.push(
    "",
    "1. List the files a container of this image sees: path, content, and the layer it comes from.",
  );
  if (solution) {
    for (const f of solution.files) {
      out.push(`   ${f.path.padEnd(24)} "${f.content}"  layer ${f.layer}`);
    }
  }
  out.push(
    "2. How many bytes of file content do the layers store in all, and how many are visible?",
  );
  if (solution) {
    out.push(
      `   stored ${solution.storedBytes} B, visible ${solution.visibleBytes} B (${
        solution.storedBytes - solution.visibleBytes
      } B shipped but shadowed)`,
    );
  }
  out.push(
    "3. For each whiteout and opaque whiteout: which files of the layers below does it hide?",
  );
  if (solution) {
    for (const h of solution.hidden) {
      out.push(
        `   layer ${h.layer} ${h.marker}: ${h.hides.length ? h.hides.join(", ") : "nothing"}`,
      );
    }
  }
  return out.join("\n");
}

/**
 * The `image-layers` homework generator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assign } from "@src/exercise/mod.ts";
 * import { imageLayers } from "./image_layers.ts";
 * const { solution } = assign(imageLayers, { seed: 7 });
 * assert.ok(solution.storedBytes >= solution.visibleBytes);
 * assert.ok(solution.hidden.some((h) => h.marker.endsWith(".wh..wh..opq")));
 * ```
 */
export const imageLayers = defineHomework({
  name: "image-layers",
  description: "Read OCI layers by hand: final files, bytes stored vs visible, what whiteouts hide",
  options: Options,
  generate,
  solve,
  render,
});
