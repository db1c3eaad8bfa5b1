// Rasterising a chart's SVG to PNG, offline, with resvg compiled to WebAssembly.
//
// Why a PNG at all: classic Jupyter Notebook hides `image/svg+xml` (and strips <svg>
// from `text/html`) in *untrusted* notebooks — for instance one executed by nbconvert
// and opened later. A bundle that also carries `image/png` still shows a picture there.
//
//   SVG text ──resvg (wasm, from the npm package file)──▶ RGBA pixels ──▶ PNG bytes
//                 ▲ fonts: DejaVu Sans Condensed / Sans Mono from /usr/share/fonts/truetype/dejavu
//
// Nothing is fetched from the network: the .wasm is read from node_modules and the
// fonts from Debian's `fonts-dejavu-core`. Loading takes one `await initPng()` (wasm
// instantiation is asynchronous); after that `svgToPng()` is synchronous. Needs
// --allow-read (wasm and fonts) and, for the environment switch, --allow-env.

/**
 * Where Debian's `fonts-dejavu-core` puts its fonts.
 *
 * @example
 * ```ts
 * import { DEJAVU_DIRECTORY, initPng } from "./png.ts";
 * await initPng({ fontDirectory: DEJAVU_DIRECTORY });
 * ```
 */
export const DEJAVU_DIRECTORY = "/usr/share/fonts/truetype/dejavu";

// Sans-serif text is drawn in DejaVu Sans *Condensed*: Plot sizes its margins for
// Helvetica-like widths (digits ≈ 0.56 em), and DejaVu Sans (digits 0.64 em) pushed
// wide y-axis labels such as "30,000" past the left edge; Condensed (≈ 0.57 em) fits.
const FONT_FILES = [
  "DejaVuSansCondensed.ttf",
  "DejaVuSansCondensed-Bold.ttf",
  "DejaVuSansCondensed-Oblique.ttf",
  "DejaVuSansMono.ttf",
  "DejaVuSansMono-Bold.ttf",
];
const SANS = "DejaVu Sans Condensed";

type ResvgClass = typeof import("@resvg/resvg-wasm").Resvg;

let loading: Promise<void> | undefined;
let resvg: ResvgClass | undefined;
let fontBuffers: Uint8Array[] = [];

/**
 * Options for {@linkcode initPng}.
 *
 * @example
 * ```ts
 * import { initPng, type InitPngOptions } from "./png.ts";
 * const options: InitPngOptions = { fontDirectory: "/usr/share/fonts/truetype/dejavu" };
 * await initPng(options);
 * ```
 */
export interface InitPngOptions {
  /**
   * Folder holding the DejaVu `.ttf` files.
   * @default {"/usr/share/fonts/truetype/dejavu"}
   */
  fontDirectory?: string;
}

/**
 * Load the resvg WebAssembly module and the DejaVu fonts, once. Later calls return the
 * same promise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { initPng, pngReady } from "./png.ts";
 * await initPng();
 * assert(pngReady());
 * ```
 */
export function initPng(options: InitPngOptions = {}): Promise<void> {
  loading ??= load(options.fontDirectory ?? DEJAVU_DIRECTORY).catch((error) => {
    loading = undefined; // let a later call retry, e.g. after installing the fonts
    throw error;
  });
  return loading;
}

async function load(fontDirectory: string): Promise<void> {
  fontBuffers = [];
  for (const name of FONT_FILES) {
    try {
      fontBuffers.push(await Deno.readFile(`${fontDirectory}/${name}`));
    } catch (error) {
      if (name !== FONT_FILES[0]) continue; // only the regular face is required
      throw new Error(
        `Cannot load PNG fonts: ${fontDirectory}/${name} is unreadable (${
          (error as Error).message
        }); install Debian's fonts-dejavu-core or pass {fontDirectory}`,
      );
    }
  }
  const module = await import("@resvg/resvg-wasm");
  await module.initWasm(await Deno.readFile(wasmPath()));
  resvg = module.Resvg;
}

function wasmPath(): string | URL {
  const resolved = import.meta.resolve("@resvg/resvg-wasm/index_bg.wasm");
  if (resolved.startsWith("file:")) return new URL(resolved);
  throw new Error(
    `Cannot load resvg: its wasm resolved to ${resolved}, not a file; ` +
      `set "nodeModulesDir": "auto" in deno.json and run \`deno install\``,
  );
}

/**
 * Whether {@linkcode initPng} has finished, so {@linkcode svgToPng} can run.
 *
 * @example
 * ```ts
 * import { pngReady } from "./png.ts";
 * console.log(pngReady() ? "ready" : "call initPng() first");
 * ```
 */
export function pngReady(): boolean {
  return resvg !== undefined;
}

/**
 * Whether charts should carry a PNG fallback by default: the environment variable
 * `STACKLAB_PNG_FALLBACK` is `1` (false when the variable is unset or unreadable).
 *
 * @example
 * ```ts
 * import { pngFallbackEnabled } from "./png.ts";
 * console.log(pngFallbackEnabled()); // false unless STACKLAB_PNG_FALLBACK=1
 * ```
 */
export function pngFallbackEnabled(): boolean {
  try {
    return Deno.env.get("STACKLAB_PNG_FALLBACK") === "1";
  } catch {
    return false; // no --allow-env: treat as unset
  }
}

/**
 * Options for {@linkcode svgToPng}.
 *
 * @example
 * ```ts
 * import { initPng, svgToPng, type SvgToPngOptions } from "./png.ts";
 * await initPng();
 * const options: SvgToPngOptions = { scale: 2, background: null };
 * svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>', options);
 * ```
 */
export interface SvgToPngOptions {
  /**
   * Pixels per SVG user unit (2 for a sharper image at twice the size).
   * @default {1}
   */
  scale?: number;
  /**
   * CSS colour painted behind the chart; `null` keeps the background transparent.
   * @default {"white"}
   */
  background?: string | null;
}

/**
 * Rasterise a standalone SVG document (with `xmlns`) to PNG bytes. Requires
 * `await initPng()` first.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { initPng, svgToPng } from "./png.ts";
 * await initPng();
 * const png = svgToPng(
 *   '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"><rect width="4" height="2"/></svg>',
 * );
 * assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]); // "PNG"
 * ```
 */
export function svgToPng(svg: string, options: SvgToPngOptions = {}): Uint8Array {
  const { scale = 1, background = "white" } = options;
  if (!resvg) {
    throw new Error(
      "Cannot rasterise SVG: the PNG renderer is not loaded; `await initPng()` once first",
    );
  }
  if (!(scale > 0 && scale <= 8)) {
    throw new RangeError(
      `Cannot rasterise SVG: scale ${scale} is out of range; use a number in (0, 8]`,
    );
  }
  // resvg does not evaluate CSS custom properties: var(--name, fallback) becomes the
  // fallback, and Plot's var(--plot-background) (tip callouts) the background colour.
  const resolved = svg
    .replaceAll("var(--plot-background)", background ?? "white")
    .replace(/var\(--[\w-]+,\s*([^()]*(?:\([^()]*\))?[^()]*)\)/g, "$1");
  const renderer = new resvg(resolved, {
    fitTo: { mode: "zoom", value: scale },
    ...(background === null ? {} : { background }),
    font: {
      fontBuffers,
      defaultFontFamily: SANS,
      sansSerifFamily: SANS,
      serifFamily: SANS,
      monospaceFamily: "DejaVu Sans Mono",
    },
  });
  try {
    const image = renderer.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    renderer.free();
  }
}
