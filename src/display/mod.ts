// The display toolkit every chapter notebook uses: charts, tables, hexdumps and live
// outputs that show themselves in Deno's Jupyter kernel (MIME bundles) and print as
// plain text everywhere else. Nothing here loads a script or a font from the network:
// charts are static SVG (with an optional PNG), so they show offline, in untrusted
// notebooks (with the PNG fallback) and in nbconvert's HTML export.
//
// Read in this order:

// What Jupyter displays: MIME bundles and the display symbol.
export * from "./mime.ts";
// The server-side DOM Observable Plot draws into, with canvas, getBBox and animation-frame shims.
export * from "./dom.ts";
// Plot options or a Plot element → Chart: one standalone SVG, a summary, a MIME bundle.
export * from "./render.ts";
// SVG → PNG with resvg (WebAssembly) and DejaVu fonts, for untrusted notebooks.
export * from "./png.ts";
// Rows → an HTML table and aligned plain text.
export * from "./table.ts";
// Bytes + dissected fields → a hexdump coloured by protocol layer.
export * from "./hexdump.ts";
// One output updated in place (stepped animations), with a kernel-safe fallback.
export * from "./live.ts";
// A throttled progress bar built on a live output.
export * from "./progress.ts";
