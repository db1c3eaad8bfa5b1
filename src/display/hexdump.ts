// An annotated hexdump: the bytes of a frame, coloured by protocol layer, with every
// byte naming the field it belongs to. Chapter 1 feeds it dissections
// (layer → field → value → byte range), e.g. an Ethernet/IPv4/TCP frame.
//
//   text/plain (the layout of `hexdump -C -v`, then the field list):
//
//   00000000  ff ff ff ff ff ff 52 54  00 12 34 56 08 00 45 00  |......RT..4V..E.|
//   00000010  00 28 …                                           |.(…|
//   00000036
//
//   bytes  0–5   ethernet.destination = ff:ff:ff:ff:ff:ff
//   bytes 12–13  ethernet.type = 0x0800
//
//   text/html: the same grid; each byte is a <span> whose background is its layer's
//   colour (alternating two tints so neighbouring fields stay distinct) and whose
//   title reads "ethernet.type = 0x0800 · byte 12", plus a legend of layers.
//   Inline styles only, so it survives classic Notebook's sanitiser.
//
// Field ranges are half-open like `bytes.subarray(start, end)`: start is the first
// byte, end is one past the last. Fields may overlap (bit fields sharing a byte); such
// a byte lists every field in its title and takes the colour of the first.

import { parseColor } from "./_color.ts";
import { escapeMarkup } from "./_escape.ts";
import { formatValue } from "./_format.ts";
import { parseOptions, z } from "../options/mod.ts";
import { MimeOutput } from "./mime.ts";

/**
 * One dissected field: which bytes, which layer, which name, which value.
 *
 * @example
 * ```ts
 * import type { HexField } from "./hexdump.ts";
 * // IPv4's time to live is the 9th byte of its header, here at offset 14 + 8 = 22.
 * const ttl: HexField = { start: 22, end: 23, layer: "ipv4", name: "ttl", value: 64 };
 * ```
 */
export interface HexField {
  /** First byte of the field (0-based offset into the buffer). */
  start: number;
  /** One past the last byte (exclusive), as in `bytes.subarray(start, end)`. */
  end: number;
  /** Protocol layer, e.g. `"ethernet"`, `"ipv4"`, `"tcp"`. */
  layer: string;
  /** Field name within the layer, e.g. `"ttl"`. */
  name: string;
  /** Decoded value, shown after `=`; omit for raw fields. */
  value?: unknown;
}

/**
 * Options for {@linkcode hexdump}.
 *
 * @example
 * ```ts
 * import { hexdump, type HexdumpOptions } from "./hexdump.ts";
 * const options: HexdumpOptions = { maxBytes: 64, colors: { ethernet: "steelblue" } };
 * hexdump(new Uint8Array(100), options);
 * ```
 */
export interface HexdumpOptions {
  /**
   * Dissected fields to colour and name.
   * @default {[] (a plain hexdump)}
   */
  fields?: HexField[];
  /**
   * Bytes shown before the dump is cut short.
   * @default {4096}
   */
  maxBytes?: number;
  /**
   * Offset printed for the first byte (e.g. its position in a capture file).
   * @default {0}
   */
  baseOffset?: number;
  /**
   * List the fields below the text dump.
   * @default {true}
   */
  listFields?: boolean;
  /**
   * Layer colours (CSS), overriding the default palette.
   * @default {Observable Plot's "observable10" palette, in order of first appearance}
   */
  colors?: Record<string, string>;
}

// Observable Plot's categorical scheme "observable10".
const PALETTE = [
  "#4269d0",
  "#efb118",
  "#ff725c",
  "#6cc5b0",
  "#3ca951",
  "#ff8ab7",
  "#a463f2",
  "#97bbf5",
  "#9c6b4e",
  "#9498a0",
];

const fieldSchema = z.object({
  start: z.number().int().min(0),
  end: z.number().int().min(1),
  layer: z.string().min(1),
  name: z.string().min(1),
  value: z.unknown().optional(),
}).strict();

const schema = z.object({
  fields: z.array(fieldSchema).default([]),
  maxBytes: z.number().int().min(1).default(4096),
  baseOffset: z.number().int().min(0).default(0),
  listFields: z.boolean().default(true),
  colors: z.record(z.string(), z.string()).default({}),
}).strict();

const BYTES_PER_LINE = 16;

/**
 * An annotated hexdump of `bytes`: HTML coloured by layer in Jupyter, the classic
 * `hexdump -C` layout plus a field list elsewhere.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { hexdump } from "./hexdump.ts";
 * const bytes = new Uint8Array([0x08, 0x00, 0x45, 0x00]);
 * const out = hexdump(bytes, {
 *   fields: [{ start: 0, end: 2, layer: "ethernet", name: "type", value: "0x0800" }],
 * });
 * assert.deepEqual(String(out).split("\n")[0], "00000000  08 00 45 00" + " ".repeat(39) + "|..E.|");
 * ```
 */
export function hexdump(bytes: Uint8Array, options: HexdumpOptions = {}): MimeOutput {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(
      `Cannot draw the hexdump: bytes must be a Uint8Array (got ${
        bytes === null ? "null" : typeof bytes
      }); wrap an ArrayBuffer or number[] with new Uint8Array(...)`,
    );
  }
  const parsed = parseOptions(schema, options, "draw the hexdump");
  parsed.fields.forEach((field, i) => {
    const label = `fields[${i}] (${field.layer}.${field.name})`;
    if (field.end <= field.start) {
      throw new RangeError(
        `Cannot draw the hexdump: ${label} ends at ${field.end}, not after its start ${field.start}; ` +
          `end is exclusive, so a one-byte field at 5 is {start: 5, end: 6}`,
      );
    }
    if (field.end > bytes.length) {
      throw new RangeError(
        `Cannot draw the hexdump: ${label} ends at byte ${field.end}, past the end of the ` +
          `${bytes.length}-byte buffer; check the field's length or pass the whole frame`,
      );
    }
  });
  const shown = bytes.subarray(0, parsed.maxBytes);
  const fieldsAt = Array.from({ length: shown.length }, () => [] as number[]);
  parsed.fields.forEach((field, i) => {
    for (let b = field.start; b < Math.min(field.end, shown.length); b++) fieldsAt[b].push(i);
  });
  const layers = [...new Set(parsed.fields.map((field) => field.layer))];
  const base = (layer: string) =>
    parsed.colors[layer] ?? PALETTE[layers.indexOf(layer) % PALETTE.length];
  // Alternate tints per field within a layer so neighbours stay distinct.
  const fieldTint = parsed.fields.map((field, i) => {
    const ordinal = parsed.fields.slice(0, i).filter((other) => other.layer === field.layer).length;
    return tint(base(field.layer), ordinal % 2 ? 0.3 : 0.45);
  });
  const describe = (i: number) => {
    const { layer, name, value } = parsed.fields[i];
    return value === undefined ? `${layer}.${name}` : `${layer}.${name} = ${formatValue(value)}`;
  };
  const hidden = bytes.length - shown.length;
  const note = hidden > 0 ? `… ${hidden} more bytes not shown (${bytes.length} in all)` : "";
  return new MimeOutput({
    "text/html": html(shown, parsed.baseOffset, fieldsAt, fieldTint, describe, layers, base, note),
    "text/plain": plain(shown, parsed, describe, note),
  });
}

const hex = (value: number, width: number) => value.toString(16).padStart(width, "0");
const printable = (byte: number) => byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : ".";

function plain(
  shown: Uint8Array,
  options: { baseOffset: number; listFields: boolean; fields: HexField[] },
  describe: (i: number) => string,
  note: string,
): string {
  const lines: string[] = [];
  for (let start = 0; start < shown.length; start += BYTES_PER_LINE) {
    const row = shown.subarray(start, start + BYTES_PER_LINE);
    let cells = "";
    for (let i = 0; i < BYTES_PER_LINE; i++) {
      cells += (i < row.length ? hex(row[i], 2) : "  ") + " " + (i === 7 ? " " : "");
    }
    const ascii = [...row].map(printable).join("");
    lines.push(`${hex(options.baseOffset + start, 8)}  ${cells} |${ascii}|`);
  }
  lines.push(hex(options.baseOffset + shown.length, 8));
  if (note) lines.push(note);
  if (options.listFields && options.fields.length > 0) {
    const ranges = options.fields.map(({ start, end }) =>
      end - start === 1 ? `${start}` : `${start}–${end - 1}`
    );
    const width = Math.max(...ranges.map((range) => range.length));
    lines.push("");
    options.fields.forEach((_, i) => {
      lines.push(`bytes ${ranges[i].padStart(width)}  ${describe(i)}`);
    });
  }
  return lines.join("\n");
}

function html(
  shown: Uint8Array,
  baseOffset: number,
  fieldsAt: number[][],
  fieldTint: string[],
  describe: (i: number) => string,
  layers: string[],
  base: (layer: string) => string,
  note: string,
): string {
  const span = (b: number, text: string) => {
    const fields = fieldsAt[b];
    if (fields.length === 0) return escapeMarkup(text);
    const title = `${fields.map(describe).join("; ")} · byte ${baseOffset + b}`;
    return `<span style="background:${fieldTint[fields[0]]}" title="${escapeMarkup(title)}">${
      escapeMarkup(text)
    }</span>`;
  };
  const sameField = (a: number, b: number) =>
    fieldsAt[a].length > 0 && fieldsAt[b]?.length > 0 && fieldsAt[a][0] === fieldsAt[b][0];
  const lines: string[] = [];
  for (let start = 0; start < shown.length; start += BYTES_PER_LINE) {
    let hexCells = "", ascii = "";
    for (let i = 0; i < BYTES_PER_LINE; i++) {
      const b = start + i;
      const gap = i === 7 ? "  " : " ";
      if (b >= shown.length) {
        hexCells += "  " + gap;
        continue;
      }
      // The gap after a byte is coloured too when the next byte on the line is in the
      // same field, so a field reads as one block.
      const joined = i < BYTES_PER_LINE - 1 && sameField(b, b + 1);
      hexCells += joined ? span(b, hex(shown[b], 2) + gap) : span(b, hex(shown[b], 2)) + gap;
      ascii += span(b, printable(shown[b]));
    }
    lines.push(
      `<span style="opacity:0.55">${hex(baseOffset + start, 8)}</span>  ${hexCells} |${ascii}|`,
    );
  }
  const legend = layers.map((layer) =>
    `<span style="background:${tint(base(layer), 0.45)};padding:0 6px;` +
    `margin-right:6px;border-radius:2px">${escapeMarkup(layer)}</span>`
  ).join("");
  return `<div style="font-size:12px">` +
    (legend ? `<div style="margin-bottom:4px">${legend}</div>` : "") +
    `<pre style="margin:0;font-family:'DejaVu Sans Mono',Menlo,Consolas,monospace;line-height:1.45">` +
    lines.join("\n") + `</pre>` +
    (note ? `<div style="opacity:0.7">${escapeMarkup(note)}</div>` : "") + `</div>`;
}

// A tint mixes the layer colour with white: tint = white + strength × (colour − white).
// Computed here rather than with CSS color-mix(), which sanitisers may drop.
function tint(color: string, strength: number): string {
  const rgba = parseColor(color);
  if (rgba === null) return color;
  const channel = (value: number) =>
    Math.round(255 + strength * (value - 255)).toString(16).padStart(2, "0");
  return `#${channel(rgba[0])}${channel(rgba[1])}${channel(rgba[2])}`;
}
