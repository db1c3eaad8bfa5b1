/**
 * A split virtqueue in guest memory, seen from both ends: the driver (guest) posts
 * buffers, the device (host) consumes them and returns them through the used ring.
 *
 * ```
 *   driver                                   device
 *   ──────                                   ──────
 *   write descriptors 0→1→2 (a chain)
 *   avail.ring[avail.idx % n] ← 0
 *   avail.idx += 1          ── kick? ──▶     while lastAvail ≠ avail.idx:
 *   (only if vring_need_event(                  head ← avail.ring[lastAvail % n]
 *      avail_event, new, old))                  walk the chain, do the I/O
 *                                               used.ring[used.idx % n] ← {head, len}
 *                                               used.idx += 1
 *                           ◀── interrupt? ──   (only if vring_need_event(used_event, new, old))
 *   reclaim chains up to used.idx               avail_event ← lastAvail
 * ```
 *
 * Both classes read and write the bytes through a `DataView` over guest RAM, at the
 * offsets drawn in `virtqueue_layout.ts`, so a notebook can hexdump the rings and see
 * exactly what a Linux guest and QEMU would see. Malformed chains (index out of range,
 * a loop, a buffer outside RAM) throw `VirtqueueError`; devices catch it and set
 * DEVICE_NEEDS_RESET, as the spec asks, instead of crashing the host.
 *
 * @example One request, driver to device and back
 * ```ts
 * import assert from "node:assert/strict";
 * import { DeviceQueue, DriverQueue, vringLayout } from "@virt/virtio/mod.ts";
 * const memory = new Uint8Array(0x4000);
 * const layout = vringLayout(8, 0x1000, 4);
 * const driver = new DriverQueue(memory, layout, { eventIdx: true });
 * const device = new DeviceQueue(memory, layout, { eventIdx: true });
 * driver.add([{ address: 0x2000, length: 16, write: false }, { address: 0x2100, length: 1, write: true }]);
 * assert.equal(driver.publish(), true); // kick
 * const head = device.pop();
 * assert.deepEqual(device.chain(head).map((d) => d.length), [16, 1]);
 * assert.equal(device.pushUsed(head, 1), true); // interrupt
 * assert.deepEqual(driver.reclaim(), [{ head: 0, length: 1 }]);
 * ```
 *
 * @module
 */

import {
  DESCRIPTOR_SIZE,
  DescriptorFlag,
  RingFlag,
  USED_ELEMENT_SIZE,
  type VringLayout,
  vringNeedEvent,
} from "./virtqueue_layout.ts";

/**
 * A malformed virtqueue: what the device found and where.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { VirtqueueError } from "@virt/virtio/virtqueue.ts";
 * assert.ok(new VirtqueueError("bad") instanceof RangeError);
 * ```
 */
export class VirtqueueError extends RangeError {
  /** Build the error. */
  constructor(message: string) {
    super(message);
    this.name = "VirtqueueError";
  }
}

/**
 * One descriptor as read from the table.
 *
 * @example
 * ```ts
 * import type { Descriptor } from "@virt/virtio/virtqueue.ts";
 * const d: Descriptor = { index: 0, address: 0x2000, length: 512, flags: 2, next: 0 };
 * ```
 */
export interface Descriptor {
  /** Index in its table. */
  readonly index: number;
  /** Guest-physical address of the buffer. */
  readonly address: number;
  /** Buffer length in bytes. */
  readonly length: number;
  /** NEXT / WRITE / INDIRECT bits. */
  readonly flags: number;
  /** Next index when NEXT is set. */
  readonly next: number;
}

/**
 * Options for both queue ends.
 *
 * @example
 * ```ts
 * import type { QueueOptions } from "@virt/virtio/virtqueue.ts";
 * const options: QueueOptions = { eventIdx: false };
 * ```
 */
export interface QueueOptions {
  /** VIRTIO_F_EVENT_IDX was negotiated: use used_event/avail_event. @default {true} */
  eventIdx?: boolean;
}

/**
 * What both ends share: a `DataView` over guest memory at a layout, and the index
 * fields of the rings.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DeviceQueue, vringLayout } from "@virt/virtio/mod.ts";
 * const queue = new DeviceQueue(new Uint8Array(1024), vringLayout(4, 0, 4));
 * assert.equal(queue.availableIndex, 0);
 * ```
 */
export class QueueView {
  /** Guest memory as a DataView. */
  readonly view: DataView;
  /** Guest memory. */
  readonly memory: Uint8Array;
  /** Where the three areas are. */
  readonly layout: VringLayout;
  /** Whether VIRTIO_F_EVENT_IDX was negotiated. */
  readonly eventIdx: boolean;
  /** Views `memory` at `layout`; `RangeError` if misaligned or out of memory. */
  constructor(memory: Uint8Array, layout: VringLayout, options: QueueOptions) {
    if (layout.descriptors % 16 !== 0 || layout.available % 2 !== 0 || layout.used % 4 !== 0) {
      throw new RangeError(
        `Virtqueue areas must be aligned (descriptors 16, available 2, used 4; virtio §2.7): got ` +
          `0x${layout.descriptors.toString(16)}, 0x${layout.available.toString(16)}, 0x${
            layout.used.toString(16)
          }`,
      );
    }
    if (layout.used + 6 + USED_ELEMENT_SIZE * layout.queueSize > memory.length) {
      throw new RangeError(
        `Virtqueue at 0x${
          layout.descriptors.toString(16)
        } does not fit in ${memory.length} bytes of memory`,
      );
    }
    this.memory = memory;
    this.view = new DataView(memory.buffer, memory.byteOffset, memory.byteLength);
    this.layout = layout;
    this.eventIdx = options.eventIdx ?? true;
  }
  /** avail.idx */
  get availableIndex(): number {
    return this.view.getUint16(this.layout.available + 2, true);
  }
  /** used.idx */
  get usedIndex(): number {
    return this.view.getUint16(this.layout.used + 2, true);
  }
  /** used_event, at the end of the available ring. */
  get usedEvent(): number {
    return this.view.getUint16(this.layout.available + 4 + 2 * this.layout.queueSize, true);
  }
  /** avail_event, at the end of the used ring. */
  get availableEvent(): number {
    return this.view.getUint16(
      this.layout.used + 4 + USED_ELEMENT_SIZE * this.layout.queueSize,
      true,
    );
  }
  /** Descriptor `index` of the table at address `table`. */
  descriptor(table: number, index: number): Descriptor {
    const at = table + DESCRIPTOR_SIZE * index;
    const high = this.view.getUint32(at + 4, true);
    return {
      index,
      address: high * 2 ** 32 + this.view.getUint32(at, true),
      length: this.view.getUint32(at + 8, true),
      flags: this.view.getUint16(at + 12, true),
      next: this.view.getUint16(at + 14, true),
    };
  }
}

/**
 * The device end: pop available chains, walk them, push used elements.
 *
 * @example See the module example.
 * ```ts
 * import assert from "node:assert/strict";
 * import { DeviceQueue, vringLayout } from "@virt/virtio/mod.ts";
 * const device = new DeviceQueue(new Uint8Array(4096), vringLayout(4, 0, 4));
 * assert.equal(device.pop(), -1); // nothing available
 * ```
 */
export class DeviceQueue extends QueueView {
  /** The device's shadow of avail.idx: the next entry it will read. */
  lastAvailable = 0;

  /** A device end over `memory` at `layout`. */
  constructor(memory: Uint8Array, layout: VringLayout, options: QueueOptions = {}) {
    super(memory, layout, options);
  }

  /** The head of the next available chain, or −1; also refreshes avail_event. */
  pop(): number {
    const availableIndex = this.availableIndex;
    if (this.lastAvailable === availableIndex) {
      // Ask to be kicked for the next one (avail_event = the next index we will read).
      if (this.eventIdx) {
        this.view.setUint16(
          this.layout.used + 4 + USED_ELEMENT_SIZE * this.layout.queueSize,
          this.lastAvailable,
          true,
        );
      }
      return -1;
    }
    const slot = this.lastAvailable % this.layout.queueSize;
    const head = this.view.getUint16(this.layout.available + 4 + 2 * slot, true);
    this.lastAvailable = (this.lastAvailable + 1) & 0xffff;
    if (head >= this.layout.queueSize) {
      throw new VirtqueueError(
        `available ring entry ${slot} names descriptor ${head}, but the queue has ${this.layout.queueSize}`,
      );
    }
    return head;
  }

  /** The descriptors of the chain starting at `head`, following NEXT and INDIRECT. */
  chain(head: number): Descriptor[] {
    const result: Descriptor[] = [];
    let table = this.layout.descriptors;
    let tableSize = this.layout.queueSize;
    let index = head;
    let indirect = false;
    for (;;) {
      if (index >= tableSize) {
        throw new VirtqueueError(`descriptor index ${index} is past the table of ${tableSize}`);
      }
      const descriptor = this.descriptor(table, index);
      if (descriptor.address + descriptor.length > this.memory.length) {
        throw new VirtqueueError(
          `descriptor ${index} points at 0x${
            descriptor.address.toString(16)
          }+${descriptor.length}, outside guest memory`,
        );
      }
      if ((descriptor.flags & DescriptorFlag.INDIRECT) !== 0) {
        if (indirect) {
          throw new VirtqueueError(
            `indirect descriptor ${index} inside an indirect table (virtio §2.7.5.3.1)`,
          );
        }
        indirect = true;
        table = descriptor.address;
        tableSize = Math.floor(descriptor.length / DESCRIPTOR_SIZE);
        index = 0;
        continue;
      }
      result.push(descriptor);
      if (result.length > tableSize) {
        throw new VirtqueueError(`descriptor chain from ${head} loops`);
      }
      if ((descriptor.flags & DescriptorFlag.NEXT) === 0) return result;
      index = descriptor.next;
    }
  }

  /**
   * Return chain `head` with `written` bytes written by the device; true when the
   * driver should get an interrupt (vring_need_event on used_event with EVENT_IDX,
   * else unless avail.flags has NO_INTERRUPT).
   */
  pushUsed(head: number, written: number): boolean {
    const old = this.usedIndex;
    const at = this.layout.used + 4 + USED_ELEMENT_SIZE * (old % this.layout.queueSize);
    this.view.setUint32(at, head, true);
    this.view.setUint32(at + 4, written, true);
    const next = (old + 1) & 0xffff;
    this.view.setUint16(this.layout.used + 2, next, true);
    if (this.eventIdx) return vringNeedEvent(this.usedEvent, next, old);
    return (this.view.getUint16(this.layout.available, true) & RingFlag.AVAIL_NO_INTERRUPT) === 0;
  }
}

/**
 * The driver end, in TypeScript (the guest kernel has the same logic in assembly):
 * add chains from a free list, publish them, decide whether to kick, reclaim.
 *
 * @example Batching: four chains, one publish, one kick
 * ```ts
 * import assert from "node:assert/strict";
 * import { DriverQueue, vringLayout } from "@virt/virtio/mod.ts";
 * const driver = new DriverQueue(new Uint8Array(4096), vringLayout(8, 0, 4));
 * for (let i = 0; i < 4; i++) driver.add([{ address: 0x800 + 16 * i, length: 16, write: false }]);
 * assert.equal(driver.publish(), true);
 * assert.equal(driver.availableIndex, 4);
 * ```
 */
export class DriverQueue extends QueueView {
  #free: number[];
  #pending: number[] = [];
  #lastUsed = 0;

  /** A driver end over `memory` at `layout`; all descriptors start free. */
  constructor(memory: Uint8Array, layout: VringLayout, options: QueueOptions = {}) {
    super(memory, layout, options);
    this.#free = Array.from({ length: layout.queueSize }, (_, i) => i);
  }

  /** Write a chain of buffers into free descriptors; returns its head. `RangeError` when full. */
  add(buffers: readonly { address: number; length: number; write: boolean }[]): number {
    if (buffers.length === 0 || buffers.length > this.#free.length) {
      throw new RangeError(
        `Cannot add a chain of ${buffers.length} buffers: ${this.#free.length} descriptors are free; ` +
          `reclaim used chains first or use a bigger queue`,
      );
    }
    const indices = buffers.map(() => this.#free.shift()!);
    buffers.forEach((buffer, i) => {
      const at = this.layout.descriptors + DESCRIPTOR_SIZE * indices[i];
      this.view.setUint32(at, buffer.address, true);
      this.view.setUint32(at + 4, 0, true);
      this.view.setUint32(at + 8, buffer.length, true);
      const more = i + 1 < buffers.length;
      this.view.setUint16(
        at + 12,
        (more ? DescriptorFlag.NEXT : 0) | (buffer.write ? DescriptorFlag.WRITE : 0),
        true,
      );
      this.view.setUint16(at + 14, more ? indices[i + 1] : 0, true);
    });
    this.#pending.push(indices[0]);
    return indices[0];
  }

  /** Put added chains in the available ring (one idx update); true when a kick is needed. */
  publish(): boolean {
    const old = this.availableIndex;
    let index = old;
    for (const head of this.#pending) {
      this.view.setUint16(
        this.layout.available + 4 + 2 * (index % this.layout.queueSize),
        head,
        true,
      );
      index = (index + 1) & 0xffff;
    }
    this.#pending = [];
    this.view.setUint16(this.layout.available + 2, index, true);
    if (this.eventIdx) return vringNeedEvent(this.availableEvent, index, old);
    return (this.view.getUint16(this.layout.used, true) & RingFlag.USED_NO_NOTIFY) === 0;
  }

  /** Chains the device has returned since the last call; their descriptors become free. */
  reclaim(): { head: number; length: number }[] {
    const done: { head: number; length: number }[] = [];
    while (this.#lastUsed !== this.usedIndex) {
      const at = this.layout.used + 4 +
        USED_ELEMENT_SIZE * (this.#lastUsed % this.layout.queueSize);
      const head = this.view.getUint32(at, true);
      done.push({ head, length: this.view.getUint32(at + 4, true) });
      let index = head;
      for (;;) {
        this.#free.push(index);
        const descriptor = this.descriptor(this.layout.descriptors, index);
        if ((descriptor.flags & DescriptorFlag.NEXT) === 0) break;
        index = descriptor.next;
      }
      this.#lastUsed = (this.#lastUsed + 1) & 0xffff;
    }
    return done;
  }
}
