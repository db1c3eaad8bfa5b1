// A canvas stand-in for a server-side DOM: enough of CanvasRenderingContext2D for
// Observable Plot to paint continuous colour legends and raster marks, and a
// `toDataURL()` that returns a real PNG.
//
// Plot draws a continuous (ramp) legend by filling a 256×1 canvas one pixel column at
// a time and embedding `canvas.toDataURL()` as an <image>:
//
//   for i in 0…255:  context.fillStyle = interpolator(i / 255); context.fillRect(i, 0, 1, 1)
//   <image href="data:image/png;base64,…" width="240" height="…" preserveAspectRatio="none">
//
// The stub keeps an RGBA pixel buffer, so each fillRect records its colour, and encodes
// the buffer as PNG:  signature · IHDR · IDAT (zlib of rows, each "filter 0" + RGBA) · IEND.
// Methods that draw paths or text do nothing and are counted in `unsupported`, so a
// mark that needs them degrades to a blank image instead of crashing.

import { deflateSync } from "node:zlib";
import { parseColor, type Rgba } from "./_color.ts";

/** The pixels of an image, as `createImageData()` returns them. */
export interface ImageDataLike {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/**
 * A 2D context that records fills into an RGBA buffer. Colours it cannot parse paint
 * mid grey and are listed in `unparsedColors`; drawing calls it does not implement are
 * listed in `unsupported`.
 */
export class RecordingContext2D {
  fillStyle: string = "#000000";
  strokeStyle: string = "#000000";
  globalAlpha = 1;
  imageSmoothingEnabled = true;
  readonly unsupported: string[] = [];
  readonly unparsedColors: string[] = [];
  readonly pixels: Uint8ClampedArray;

  constructor(readonly width: number, readonly height: number) {
    this.pixels = new Uint8ClampedArray(Math.max(0, width * height * 4));
  }

  fillRect(x: number, y: number, width: number, height: number): void {
    let rgba = parseColor(String(this.fillStyle));
    if (rgba === null) {
      this.unparsedColors.push(String(this.fillStyle));
      rgba = [128, 128, 128, 255];
    }
    rgba[3] = Math.round(rgba[3] * this.globalAlpha);
    this.#paint(x, y, width, height, rgba);
  }

  clearRect(x: number, y: number, width: number, height: number): void {
    this.#paint(x, y, width, height, [0, 0, 0, 0]);
  }

  createImageData(width: number, height: number): ImageDataLike {
    return { width, height, data: new Uint8ClampedArray(width * height * 4) };
  }

  getImageData(x: number, y: number, width: number, height: number): ImageDataLike {
    const image = this.createImageData(width, height);
    for (let row = 0; row < height; row++) {
      for (let column = 0; column < width; column++) {
        const source = this.#offset(x + column, y + row);
        if (source < 0) continue;
        image.data.set(this.pixels.subarray(source, source + 4), (row * width + column) * 4);
      }
    }
    return image;
  }

  putImageData(image: ImageDataLike, dx: number, dy: number): void {
    for (let row = 0; row < image.height; row++) {
      for (let column = 0; column < image.width; column++) {
        const target = this.#offset(dx + column, dy + row);
        if (target < 0) continue;
        const source = (row * image.width + column) * 4;
        this.pixels.set(image.data.subarray(source, source + 4), target);
      }
    }
  }

  #offset(x: number, y: number): number {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return -1;
    return (y * this.width + x) * 4;
  }

  #paint(x: number, y: number, width: number, height: number, rgba: Rgba): void {
    const x0 = Math.max(0, Math.round(x)), x1 = Math.min(this.width, Math.round(x + width));
    const y0 = Math.max(0, Math.round(y)), y1 = Math.min(this.height, Math.round(y + height));
    for (let row = y0; row < y1; row++) {
      for (let column = x0; column < x1; column++) this.pixels.set(rgba, this.#offset(column, row));
    }
  }
}

// Path, text and transform calls: accepted, not drawn, counted.
for (
  const name of [
    "arc",
    "arcTo",
    "beginPath",
    "bezierCurveTo",
    "clip",
    "closePath",
    "drawImage",
    "ellipse",
    "fill",
    "fillText",
    "lineTo",
    "moveTo",
    "quadraticCurveTo",
    "rect",
    "restore",
    "rotate",
    "save",
    "scale",
    "setTransform",
    "stroke",
    "strokeRect",
    "strokeText",
    "transform",
    "translate",
  ]
) {
  Object.defineProperty(RecordingContext2D.prototype, name, {
    value(this: RecordingContext2D) {
      this.unsupported.push(name);
    },
  });
}

// CRC-32 (ISO 3309, polynomial 0xEDB88320) over each chunk's type and data, as PNG requires.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  //   length (4) · type (4) · data (length) · CRC-32 of type+data (4)
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** Encode RGBA pixels as a PNG file (8-bit RGBA, no interlace, filter 0 on every row). */
export function encodePng(width: number, height: number, rgba: Uint8ClampedArray): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, filter, no interlace
  const raw = new Uint8Array(height * (1 + width * 4));
  for (let row = 0; row < height; row++) {
    raw.set(rgba.subarray(row * width * 4, (row + 1) * width * 4), row * (1 + width * 4) + 1);
  }
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", new Uint8Array(deflateSync(raw))),
    chunk("IEND", new Uint8Array(0)),
  ];
  const png = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) png.set(part, (offset += part.length) - part.length);
  return png;
}

/** Base64 of `bytes` (the Jupyter protocol and data URLs carry binary as base64). */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
