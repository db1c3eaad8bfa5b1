/**
 * The split virtqueue's memory layout, byte for byte (virtio 1.x, OASIS, §2.7 "Split
 * Virtqueues"; Linux `include/uapi/linux/virtio_ring.h`). Three areas in guest memory,
 * written by the driver (guest) or the device (host), all little-endian:
 *
 * ```
 *  Descriptor table (driver writes)            16 bytes × queue size, align 16
 *   +0  addr  u64   guest-physical buffer address
 *   +8  len   u32   buffer length
 *   +12 flags u16   NEXT=1 (chain continues) WRITE=2 (device writes) INDIRECT=4
 *   +14 next  u16   index of the next descriptor when NEXT is set
 *
 *  Available ring (driver writes)              6 + 2 × queue size bytes, align 2
 *   +0  flags u16   NO_INTERRUPT=1 (ignored when EVENT_IDX is negotiated)
 *   +2  idx   u16   where the driver will put the next entry (free-running, wraps at 2^16)
 *   +4  ring[queue size] u16   heads of descriptor chains
 *   +4+2n used_event u16   (EVENT_IDX) "interrupt me when used idx passes this"
 *
 *  Used ring (device writes)                   6 + 8 × queue size bytes, align 4
 *   +0  flags u16   NO_NOTIFY=1 (ignored when EVENT_IDX is negotiated)
 *   +2  idx   u16
 *   +4  ring[queue size] { id u32 (head index), len u32 (bytes written) }
 *   +4+8n avail_event u16  (EVENT_IDX) "kick me when avail idx passes this"
 * ```
 *
 * The legacy layout (`vring_init()`) puts the three areas back to back, with the used
 * ring aligned to `align` (4096 for legacy PCI): that is what `vring_size()` measures.
 *
 * @example vring_size for 256 entries, aligned to a page (worked in the test's comment)
 * ```ts
 * import assert from "node:assert/strict";
 * import { vringSize } from "@virt/virtio/virtqueue_layout.ts";
 * assert.equal(vringSize(256, 4096), 10246);
 * ```
 *
 * @module
 */

/**
 * Descriptor flags (`VRING_DESC_F_*` in virtio_ring.h; `VIRTQ_DESC_F_*` in the spec).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DescriptorFlag } from "@virt/virtio/virtqueue_layout.ts";
 * assert.equal(DescriptorFlag.NEXT | DescriptorFlag.WRITE, 3);
 * ```
 */
export const DescriptorFlag = {
  /** The chain continues at `next`. */
  NEXT: 1,
  /** The device writes this buffer (otherwise it reads it). */
  WRITE: 2,
  /** The buffer is a table of descriptors (VIRTIO_F_INDIRECT_DESC). */
  INDIRECT: 4,
} as const;

/**
 * Ring flags: `VRING_AVAIL_F_NO_INTERRUPT` and `VRING_USED_F_NO_NOTIFY`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RingFlag } from "@virt/virtio/virtqueue_layout.ts";
 * assert.equal(RingFlag.AVAIL_NO_INTERRUPT, 1);
 * ```
 */
export const RingFlag = {
  /** In avail.flags: the driver does not want interrupts. */
  AVAIL_NO_INTERRUPT: 1,
  /** In used.flags: the device does not want kicks. */
  USED_NO_NOTIFY: 1,
} as const;

/**
 * Feature bits used here (virtio spec §6 "Reserved Feature Bits").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Feature } from "@virt/virtio/virtqueue_layout.ts";
 * assert.equal(Feature.EVENT_IDX, 29);
 * ```
 */
export const Feature = {
  /** VIRTIO_F_INDIRECT_DESC (VIRTIO_RING_F_INDIRECT_DESC in virtio_ring.h). */
  INDIRECT_DESC: 28,
  /** VIRTIO_F_EVENT_IDX: used_event / avail_event suppression. */
  EVENT_IDX: 29,
  /** VIRTIO_F_VERSION_1: a virtio 1.x (non-legacy) device. */
  VERSION_1: 32,
} as const;

/**
 * Bytes of one descriptor (`struct vring_desc`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DESCRIPTOR_SIZE } from "@virt/virtio/virtqueue_layout.ts";
 * assert.equal(DESCRIPTOR_SIZE, 16);
 * ```
 */
export const DESCRIPTOR_SIZE = 16;

/**
 * Bytes of one used element (`struct vring_used_elem`: id u32, len u32).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { USED_ELEMENT_SIZE } from "@virt/virtio/virtqueue_layout.ts";
 * assert.equal(USED_ELEMENT_SIZE, 8);
 * ```
 */
export const USED_ELEMENT_SIZE = 8;

function checkQueueSize(queueSize: number): void {
  if (
    !Number.isInteger(queueSize) || queueSize < 1 || queueSize > 32768 ||
    (queueSize & (queueSize - 1)) !== 0
  ) {
    throw new RangeError(
      `Virtqueue size must be a power of two from 1 to 32768 (virtio §2.7): got ${queueSize}; ` +
        `use e.g. 16, 128 or 256`,
    );
  }
}

/**
 * Bytes of the available ring with the used_event field:
 * `sizeof(u16) × (3 + queueSize)` = flags + idx + ring + used_event.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { availableRingSize } from "@virt/virtio/virtqueue_layout.ts";
 * assert.equal(availableRingSize(256), 518);
 * ```
 */
export function availableRingSize(queueSize: number): number {
  checkQueueSize(queueSize);
  return 2 * (3 + queueSize);
}

/**
 * Bytes of the used ring with the avail_event field:
 * `sizeof(u16) × 3 + sizeof(vring_used_elem) × queueSize`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { usedRingSize } from "@virt/virtio/virtqueue_layout.ts";
 * assert.equal(usedRingSize(256), 2054);
 * ```
 */
export function usedRingSize(queueSize: number): number {
  checkQueueSize(queueSize);
  return 6 + USED_ELEMENT_SIZE * queueSize;
}

/**
 * Linux `vring_size(num, align)`, the bytes of a legacy contiguous vring:
 *
 * ```
 *   ((16·num + 2·(3 + num) + align − 1) & ~(align − 1)) + 2·3 + 8·num
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { vringSize } from "@virt/virtio/virtqueue_layout.ts";
 * assert.equal(vringSize(16, 4096), 4096 + 6 + 128);
 * ```
 */
export function vringSize(queueSize: number, align: number): number {
  checkQueueSize(queueSize);
  if (!Number.isInteger(align) || align < 1 || (align & (align - 1)) !== 0) {
    throw new RangeError(
      `vring alignment must be a power of two: got ${align}; use 4096 for legacy PCI`,
    );
  }
  const descriptorsAndAvailable = DESCRIPTOR_SIZE * queueSize + availableRingSize(queueSize);
  return Math.ceil(descriptorsAndAvailable / align) * align + usedRingSize(queueSize);
}

/**
 * Guest addresses of the three areas.
 *
 * @example
 * ```ts
 * import type { VringLayout } from "@virt/virtio/virtqueue_layout.ts";
 * const layout: VringLayout = { queueSize: 8, descriptors: 0, available: 128, used: 148, size: 218 };
 * ```
 */
export interface VringLayout {
  /** Number of descriptors (a power of two). */
  readonly queueSize: number;
  /** Address of the descriptor table. */
  readonly descriptors: number;
  /** Address of the available ring. */
  readonly available: number;
  /** Address of the used ring. */
  readonly used: number;
  /** Bytes from the descriptor table to the end of the used ring. */
  readonly size: number;
}

/**
 * The legacy contiguous layout at `base` (Linux `vring_init()`): descriptors, then the
 * available ring, then the used ring at the next multiple of `align`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { vringLayout, vringSize } from "@virt/virtio/virtqueue_layout.ts";
 * const layout = vringLayout(256, 0x10000, 4096);
 * assert.equal(layout.available, 0x10000 + 4096);
 * assert.equal(layout.used, 0x10000 + 8192);
 * assert.equal(layout.size, vringSize(256, 4096));
 * ```
 */
export function vringLayout(queueSize: number, base: number, align: number): VringLayout {
  const size = vringSize(queueSize, align);
  const available = base + DESCRIPTOR_SIZE * queueSize;
  const used = base +
    Math.ceil((DESCRIPTOR_SIZE * queueSize + availableRingSize(queueSize)) / align) * align;
  return { queueSize, descriptors: base, available, used, size };
}

/**
 * Linux `vring_need_event(event_idx, new_idx, old)`: after moving an index from `old`
 * to `newIndex`, should the other side be notified, given it asked to hear when the
 * index passes `eventIndex`? All in 16-bit wrap-around arithmetic:
 *
 * ```
 *   (u16)(new − event − 1) < (u16)(new − old)
 * ```
 *
 * @example Four requests published at once, the device asked at 0: one kick
 * ```ts
 * import assert from "node:assert/strict";
 * import { vringNeedEvent } from "@virt/virtio/virtqueue_layout.ts";
 * assert.equal(vringNeedEvent(0, 4, 0), true);   // 0 lies in [old, new) = [0, 4)
 * assert.equal(vringNeedEvent(9, 4, 0), false);  // 9 is not passed yet: suppressed
 * assert.equal(vringNeedEvent(65535, 1, 65535), true); // wraps at 2^16
 * ```
 */
export function vringNeedEvent(eventIndex: number, newIndex: number, oldIndex: number): boolean {
  return ((newIndex - eventIndex - 1) & 0xffff) < ((newIndex - oldIndex) & 0xffff);
}
