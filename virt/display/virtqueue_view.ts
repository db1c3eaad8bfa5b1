/**
 * A picture of one split virtqueue, read from the bytes in guest memory: the descriptor
 * table, the available ring and the used ring as rows of cells, coloured by who owns
 * each entry right now. Used by chapter 2 to step a batch through the rings.
 *
 * ```
 *   slot               0        1        2      …
 *   descriptor table  [16B →1] [512B →2] [1B W]  …   colour: the state of the chain it is in
 *   available ring    [0]      [3]      [ ]      …   ▲ avail.idx   △ device's next (last_avail)
 *   used ring         [0 · 1B] [ ]      [ ]      …   ▲ used.idx    △ driver's next (last_used)
 *
 *   states: free → added (written, not published) → available (published, not yet popped)
 *           → device (popped, being served) → used (returned, not yet reclaimed) → free
 * ```
 *
 * Everything except the two private cursors comes from the bytes: descriptors (length,
 * flags, next), ring entries and the idx fields. The driver's and device's cursors are
 * passed in (`lastAvailable` is `DeviceQueue.lastAvailable`; `lastUsed` is how many
 * used entries the driver has reclaimed). "device" assumes in-order completion, which
 * holds for the stepper in the notebook (virtio allows out-of-order completion).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DriverQueue, vringLayout } from "@virt/virtio/mod.ts";
 * import { virtqueueRows } from "@virt/display/virtqueue_view.ts";
 * const driver = new DriverQueue(new Uint8Array(4096), vringLayout(4, 0, 4));
 * driver.add([{ address: 0x800, length: 16, write: false }, { address: 0x900, length: 1, write: true }]);
 * driver.publish();
 * const rows = virtqueueRows(driver);
 * assert.deepEqual(rows.filter((row) => row.area === "descriptor table").map((row) => row.state),
 *   ["available", "available", "free", "free"]);
 * ```
 *
 * @module
 */

import * as Plot from "@observablehq/plot";
import { type Chart, renderPlot } from "@src/display/mod.ts";
import type { QueueView } from "../virtio/virtqueue.ts";
import { DescriptorFlag, USED_ELEMENT_SIZE } from "../virtio/virtqueue_layout.ts";

/**
 * Who owns a ring entry or descriptor right now.
 *
 * @example
 * ```ts
 * import type { EntryState } from "@virt/display/virtqueue_view.ts";
 * const state: EntryState = "available";
 * ```
 */
export type EntryState = "free" | "added" | "available" | "device" | "used" | "old";

/**
 * The states in lifecycle order, with their colours (for a legend).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ENTRY_STATES } from "@virt/display/virtqueue_view.ts";
 * assert.equal(ENTRY_STATES[0].state, "free");
 * ```
 */
export const ENTRY_STATES: readonly { state: EntryState; color: string; meaning: string }[] = [
  { state: "free", color: "#f2f2f2", meaning: "descriptor on the driver's free list" },
  { state: "added", color: "#edc948", meaning: "written by the driver, not yet published" },
  { state: "available", color: "#4e79a7", meaning: "published in the available ring" },
  { state: "device", color: "#f28e2b", meaning: "popped by the device, being served" },
  { state: "used", color: "#59a14f", meaning: "returned in the used ring, not reclaimed" },
  { state: "old", color: "#d9d9d9", meaning: "a ring entry already consumed" },
];

/**
 * One cell of the picture.
 *
 * @example
 * ```ts
 * import type { VirtqueueCell } from "@virt/display/virtqueue_view.ts";
 * const cell: VirtqueueCell = { area: "available ring", slot: 0, state: "available", label: "0", title: "avail.ring[0] = 0" };
 * ```
 */
export interface VirtqueueCell {
  /** Which of the three areas. */
  area: "descriptor table" | "available ring" | "used ring";
  /** Index in the table or ring. */
  slot: number;
  /** Owner right now. */
  state: EntryState;
  /** Short text for the cell ("" for an entry never written). */
  label: string;
  /** Longer text for a hover tooltip. */
  title: string;
}

/**
 * One cursor under a ring.
 *
 * @example
 * ```ts
 * import type { VirtqueueCursor } from "@virt/display/virtqueue_view.ts";
 * const cursor: VirtqueueCursor = { area: "available ring", slot: 2, name: "avail.idx", value: 2, owner: "driver" };
 * ```
 */
export interface VirtqueueCursor {
  /** The ring it points into. */
  area: "available ring" | "used ring";
  /** Slot it points at (index mod queue size). */
  slot: number;
  /** What it is: avail.idx, device next, used.idx or driver next. */
  name: string;
  /** Its free-running value (the slot is value mod queue size). */
  value: number;
  /** The side that advances it. */
  owner: "driver" | "device";
}

/**
 * The private cursors of both ends (they are not in guest memory).
 *
 * @example
 * ```ts
 * import type { CursorOptions } from "@virt/display/virtqueue_view.ts";
 * const options: CursorOptions = { lastAvailable: 4, lastUsed: 0, unpublished: [] };
 * ```
 */
export interface CursorOptions {
  /**
   * The device's next available entry (`DeviceQueue.lastAvailable`).
   * @default {used.idx: the device has popped only what it returned}
   */
  lastAvailable?: number;
  /** Used entries the driver has reclaimed so far (free-running). @default {used.idx} */
  lastUsed?: number;
  /** Heads the driver added but has not published yet. @default {[]} */
  unpublished?: readonly number[];
}

/** The indices from `from` up to (not including) `to`, in 16-bit wrap-around arithmetic. */
function span(from: number, to: number): number[] {
  const count = (to - from) & 0xffff;
  return Array.from({ length: count }, (_, i) => (from + i) & 0xffff);
}

/**
 * The cells of the picture, descriptor table first, then both rings.
 *
 * @example After the device has popped the chain and returned it
 * ```ts
 * import assert from "node:assert/strict";
 * import { DeviceQueue, DriverQueue, vringLayout } from "@virt/virtio/mod.ts";
 * import { virtqueueRows } from "@virt/display/virtqueue_view.ts";
 * const memory = new Uint8Array(4096);
 * const layout = vringLayout(4, 0, 4);
 * const driver = new DriverQueue(memory, layout);
 * const device = new DeviceQueue(memory, layout);
 * driver.add([{ address: 0x800, length: 16, write: false }]);
 * driver.publish();
 * device.pushUsed(device.pop(), 0);
 * const rows = virtqueueRows(device, { lastAvailable: device.lastAvailable, lastUsed: 0 });
 * assert.equal(rows.find((row) => row.area === "used ring" && row.slot === 0)!.state, "used");
 * assert.equal(rows.find((row) => row.area === "available ring" && row.slot === 0)!.state, "old");
 * ```
 */
export function virtqueueRows(queue: QueueView, options: CursorOptions = {}): VirtqueueCell[] {
  const { layout, view } = queue;
  const n = layout.queueSize;
  const availableIndex = queue.availableIndex;
  const usedIndex = queue.usedIndex;
  const lastAvailable = options.lastAvailable ?? usedIndex;
  const lastUsed = options.lastUsed ?? usedIndex;
  const availableEntry = (i: number) => view.getUint16(layout.available + 4 + 2 * (i % n), true);
  const usedAt = (i: number) => layout.used + 4 + USED_ELEMENT_SIZE * (i % n);

  // State of each chain head, oldest owner first so later (more current) states win.
  const headState = new Map<number, EntryState>();
  for (const i of span(lastUsed, usedIndex)) headState.set(view.getUint32(usedAt(i), true), "used");
  for (const i of span(usedIndex, lastAvailable)) headState.set(availableEntry(i), "device");
  for (const i of span(lastAvailable, availableIndex)) {
    headState.set(availableEntry(i), "available");
  }
  for (const head of options.unpublished ?? []) headState.set(head, "added");

  const descriptorState = new Array<EntryState>(n).fill("free");
  for (const [head, state] of headState) {
    let index = head;
    for (let hops = 0; hops < n && index < n; hops++) {
      descriptorState[index] = state;
      const descriptor = queue.descriptor(layout.descriptors, index);
      if ((descriptor.flags & DescriptorFlag.NEXT) === 0) break;
      index = descriptor.next;
    }
  }

  const cells: VirtqueueCell[] = [];
  for (let slot = 0; slot < n; slot++) {
    const d = queue.descriptor(layout.descriptors, slot);
    const written = d.length !== 0 || d.address !== 0;
    const tail = (d.flags & DescriptorFlag.NEXT) !== 0 ? `→${d.next}` : "";
    const writable = (d.flags & DescriptorFlag.WRITE) !== 0 ? " W" : "";
    cells.push({
      area: "descriptor table",
      slot,
      state: descriptorState[slot],
      label: written ? `${d.length}B${writable}\n${tail}` : "",
      title: `desc[${slot}]: addr 0x${d.address.toString(16)}, len ${d.length}, flags ${d.flags}` +
        ((d.flags & DescriptorFlag.NEXT) !== 0 ? `, next ${d.next}` : ""),
    });
  }
  const pendingAvailable = new Set(span(lastAvailable, availableIndex).map((i) => i % n));
  const inDevice = new Set(span(usedIndex, lastAvailable).map((i) => i % n));
  const writtenAvailable = Math.min(n, availableIndex);
  for (let slot = 0; slot < n; slot++) {
    const ever = availableIndex >= n || slot < writtenAvailable;
    cells.push({
      area: "available ring",
      slot,
      state: pendingAvailable.has(slot) ? "available" : inDevice.has(slot) ? "device" : "old",
      label: ever ? String(availableEntry(slot)) : "",
      title: `avail.ring[${slot}] = ${availableEntry(slot)}`,
    });
  }
  const pendingUsed = new Set(span(lastUsed, usedIndex).map((i) => i % n));
  for (let slot = 0; slot < n; slot++) {
    const ever = usedIndex >= n || slot < usedIndex;
    const id = view.getUint32(usedAt(slot), true);
    const length = view.getUint32(usedAt(slot) + 4, true);
    cells.push({
      area: "used ring",
      slot,
      state: pendingUsed.has(slot) ? "used" : "old",
      label: ever ? `id ${id}\n${length}B` : "",
      title: `used.ring[${slot}] = {id ${id}, len ${length}}`,
    });
  }
  return cells;
}

/**
 * The cursors under the two rings: avail.idx and used.idx (in guest memory) and the
 * two private ones, when given.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DriverQueue, vringLayout } from "@virt/virtio/mod.ts";
 * import { virtqueueCursors } from "@virt/display/virtqueue_view.ts";
 * const driver = new DriverQueue(new Uint8Array(4096), vringLayout(4, 0, 4));
 * assert.deepEqual(virtqueueCursors(driver).map((c) => c.name), ["avail.idx", "used.idx"]);
 * ```
 */
export function virtqueueCursors(
  queue: QueueView,
  options: CursorOptions = {},
): VirtqueueCursor[] {
  const n = queue.layout.queueSize;
  const cursors: VirtqueueCursor[] = [
    {
      area: "available ring",
      slot: queue.availableIndex % n,
      name: "avail.idx",
      value: queue.availableIndex,
      owner: "driver",
    },
    {
      area: "used ring",
      slot: queue.usedIndex % n,
      name: "used.idx",
      value: queue.usedIndex,
      owner: "device",
    },
  ];
  if (options.lastAvailable !== undefined) {
    cursors.push({
      area: "available ring",
      slot: options.lastAvailable % n,
      name: "device next",
      value: options.lastAvailable,
      owner: "device",
    });
  }
  if (options.lastUsed !== undefined) {
    cursors.push({
      area: "used ring",
      slot: options.lastUsed % n,
      name: "driver next",
      value: options.lastUsed,
      owner: "driver",
    });
  }
  return cursors;
}

/**
 * Plot marks drawing cells and cursors: a cell grid (x = slot, y = area), labels, and
 * each cursor as "▲ value" on its own row (y = the cursor's name). Compose them with a
 * `y` domain that lists areas and cursor names; {@linkcode showVirtqueue} does it for you.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { virtqueueMarks } from "@virt/display/virtqueue_view.ts";
 * assert.equal(virtqueueMarks([], []).length, 4);
 * ```
 */
export function virtqueueMarks(
  cells: readonly VirtqueueCell[],
  cursors: readonly VirtqueueCursor[],
): Plot.Markish[] {
  return [
    Plot.cell(cells, {
      x: "slot",
      y: "area",
      fill: "state",
      stroke: "#666",
      inset: 1,
      title: "title",
    }),
    Plot.text(cells, {
      x: "slot",
      y: "area",
      text: "label",
      fontSize: 10,
      lineHeight: 1.1,
      fill: (cell: VirtqueueCell) =>
        cell.state === "available" || cell.state === "used" ? "white" : "black",
    }),
    Plot.text(cursors, {
      x: "slot",
      y: "name",
      text: (cursor: VirtqueueCursor) => `▲ ${cursor.value}`,
      fontSize: 11,
      fontWeight: "bold",
      fill: (cursor: VirtqueueCursor) => (cursor.owner === "driver" ? "#2f5d8a" : "#b35806"),
    }),
    Plot.frame({ stroke: "none" }),
  ];
}

/**
 * Options for {@linkcode showVirtqueue}.
 *
 * @example
 * ```ts
 * import type { ShowVirtqueueOptions } from "@virt/display/virtqueue_view.ts";
 * const options: ShowVirtqueueOptions = { title: "After the kick", subtitle: "4 chains available" };
 * ```
 */
export interface ShowVirtqueueOptions extends CursorOptions {
  /** Chart title. @default {"Split virtqueue"} */
  title?: string;
  /** Line under the title. @default {the queue size and the event-index fields} */
  subtitle?: string;
  /** Chart width in pixels. @default {760} */
  width?: number;
}

/**
 * The three areas of a virtqueue as one chart (cells, labels, cursors, legend).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DriverQueue, vringLayout } from "@virt/virtio/mod.ts";
 * import { showVirtqueue } from "@virt/display/virtqueue_view.ts";
 * const driver = new DriverQueue(new Uint8Array(4096), vringLayout(8, 0, 4));
 * driver.add([{ address: 0x800, length: 16, write: false }]);
 * const chart = showVirtqueue(driver, { unpublished: [0] });
 * assert.match(chart.summary, /^Chart/);
 * ```
 */
export function showVirtqueue(queue: QueueView, options: ShowVirtqueueOptions = {}): Chart {
  const cells = virtqueueRows(queue, options);
  const cursors = virtqueueCursors(queue, options);
  const n = queue.layout.queueSize;
  const events = queue.eventIdx
    ? `used_event = ${queue.usedEvent}, avail_event = ${queue.availableEvent}`
    : "event index off";
  return renderPlot({
    title: options.title ?? "Split virtqueue",
    subtitle: options.subtitle ?? `queue size ${n}; ${events}`,
    width: options.width ?? 760,
    height: 340,
    marginLeft: 110,
    marginTop: 24,
    marginBottom: 10,
    x: { domain: Array.from({ length: n }, (_, i) => i), axis: "top", label: null, tickSize: 0 },
    y: {
      domain: [
        "descriptor table",
        "available ring",
        "avail.idx",
        "device next",
        "used ring",
        "used.idx",
        "driver next",
      ],
      tickSize: 0,
      label: null,
    },
    color: {
      domain: ENTRY_STATES.map((entry) => entry.state),
      range: ENTRY_STATES.map((entry) => entry.color),
      legend: true,
    },
    marks: virtqueueMarks(cells, cursors),
  });
}
