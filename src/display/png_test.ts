import assert from "node:assert/strict";
import { Resvg } from "@resvg/resvg-wasm";
import { dom } from "./dom.ts";
import { initPng, svgToPng } from "./png.ts";

await initPng();

function pixelsOf(svg: string): { width: number; pixels: Uint8Array } {
  const image = new Resvg(svg).render();
  return { width: image.width, pixels: image.pixels };
}

Deno.test("svgToPng() writes a PNG of the SVG's size times the scale", () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="10">' +
    '<text x="2" y="9" font-size="9">hi</text></svg>';
  const png = svgToPng(svg, { scale: 2 });
  const view = new DataView(png.buffer, png.byteOffset);
  assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  assert.deepEqual([view.getUint32(16), view.getUint32(20)], [80, 20]);
});

Deno.test("svgToPng() draws text with the DejaVu fonts", () => {
  // With no font loaded, resvg silently drops text: a white image. With DejaVu loaded,
  // some pixels of "StackLab" are dark.
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="20" ' +
    'font-family="system-ui, sans-serif"><text x="2" y="15" font-size="14">StackLab</text></svg>';
  const png = svgToPng(svg);
  assert(png.length > 300, `PNG of ${png.length} bytes`);
  const { pixels } = new Resvg(svg, {
    font: { fontBuffers: [Deno.readFileSync("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")] },
  }).render();
  assert(pixels.some((value, i) => i % 4 === 3 && value > 200), "some opaque text pixels");
});

Deno.test("the canvas stub's PNG decodes to the colours that were filled", () => {
  // Oracle: resvg's own PNG decoder reads the data URL our encoder wrote.
  const canvas = dom().document.createElement("canvas") as unknown as HTMLCanvasElement;
  canvas.width = 2;
  canvas.height = 1;
  const context = canvas.getContext("2d")!;
  context.fillStyle = "rgb(255, 0, 0)";
  context.fillRect(0, 0, 1, 1);
  context.fillStyle = "hsl(240, 100%, 50%)";
  context.fillRect(1, 0, 1, 1);
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ' +
    `width="2" height="1"><image width="2" height="1" style="image-rendering:pixelated" ` +
    `xlink:href="${canvas.toDataURL()}"/></svg>`;
  const { pixels } = pixelsOf(svg);
  assert.deepEqual([...pixels.subarray(0, 4)], [255, 0, 0, 255]);
  assert.deepEqual([...pixels.subarray(4, 8)], [0, 0, 255, 255]);
});

Deno.test("svgToPng() paints Plot's var(--plot-background) as the background", () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2">' +
    '<rect width="2" height="2" fill="var(--plot-background)"/></svg>';
  const png = svgToPng(svg, { background: null });
  // Re-render the PNG inside an SVG to read it back.
  const base64 = btoa(String.fromCharCode(...png));
  const { pixels } = pixelsOf(
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ' +
      `width="2" height="2"><image width="2" height="2" xlink:href="data:image/png;base64,${base64}"/></svg>`,
  );
  assert.deepEqual([...pixels.subarray(0, 4)], [255, 255, 255, 255]);
});

Deno.test("svgToPng() rejects a scale out of range", () => {
  assert.throws(
    () => svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', { scale: 0 }),
    { name: "RangeError", message: /scale 0 is out of range/ },
  );
});
