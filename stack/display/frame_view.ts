/**
 * Showing frames: the chapter's bridge from `stack/wire` dissections to the
 * display toolkit. A frame becomes an annotated hexdump (bytes coloured by
 * layer, each byte titled layer.field=value) or a field table, so a learner
 * can point at any byte and say who wrote it and why.
 *
 * @module
 */

import { hexdump, type MimeOutput, table } from "@src/display/mod.ts";
import { dissect } from "../wire/dissect.ts";

/** Layer colours shared by every chart of the chapter (link → application). */
export const LAYER_COLORS: Readonly<Record<string, string>> = {
  Ethernet: "#4e79a7",
  ARP: "#76b7b2",
  IPv4: "#f28e2b",
  ICMP: "#edc948",
  UDP: "#b07aa1",
  TCP: "#e15759",
  HTTP: "#59a14f",
  Data: "#bab0ac",
};

/**
 * An annotated hexdump of one Ethernet frame, coloured by layer.
 *
 * @example
 * ```ts
 * import { frameHexdump } from "./frame_view.ts";
 * import { encapsulate } from "../wire/encapsulation.ts";
 * const [frame] = encapsulate(new TextEncoder().encode("hi")).frames;
 * console.assert(String(frameHexdump(frame)).startsWith("00000000"));
 * ```
 */
export function frameHexdump(frame: Uint8Array): MimeOutput {
  const { rows } = dissect(frame);
  const fields = rows
    .filter((row) => row.end > row.start)
    .map((row) => ({
      start: row.start,
      end: row.end,
      layer: row.layer,
      name: row.field,
      value: row.value,
    }));
  return hexdump(frame, { fields, colors: LAYER_COLORS as Record<string, string> });
}

/**
 * The dissection of one frame as a table: layer, field, value, byte range.
 *
 * @example
 * ```ts
 * import { frameTable } from "./frame_view.ts";
 * import { encapsulate } from "../wire/encapsulation.ts";
 * const [frame] = encapsulate(new TextEncoder().encode("hi")).frames;
 * console.assert(String(frameTable(frame)).includes("ttl"));
 * ```
 */
export function frameTable(frame: Uint8Array): MimeOutput {
  const { rows } = dissect(frame);
  return table(
    rows.map((row) => ({
      layer: row.layer,
      field: row.field,
      value: row.value,
      bytes: row.end > row.start ? `${row.start}–${row.end - 1}` : "",
    })),
  );
}
