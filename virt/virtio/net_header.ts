/**
 * The virtio-net packet header as bytes (virtio 1.x §5.1.6; Linux
 * `include/uapi/linux/virtio_net.h`, `struct virtio_net_hdr_v1`). Every packet on the
 * transmit and receive queues starts with it; with VIRTIO_F_VERSION_1 it is 12 bytes:
 *
 * ```
 *   +0  flags        u8    NEEDS_CSUM=1 DATA_VALID=2
 *   +1  gso_type     u8    NONE=0 TCPV4=1 UDP=3 TCPV6=4 (ECN=0x80)
 *   +2  hdr_len      u16
 *   +4  gso_size     u16
 *   +6  csum_start   u16
 *   +8  csum_offset  u16
 *   +10 num_buffers  u16   (receive side, mergeable buffers)
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { emitNetHeader, NET_HEADER_SIZE, parseNetHeader } from "@virt/virtio/net_header.ts";
 * const bytes = emitNetHeader({ flags: 0, gsoType: 0, headerLength: 0, gsoSize: 0, checksumStart: 0, checksumOffset: 0, buffers: 1 });
 * assert.equal(bytes.length, NET_HEADER_SIZE);
 * assert.equal(parseNetHeader(bytes).buffers, 1);
 * ```
 *
 * @module
 */

/**
 * Bytes in `virtio_net_hdr_v1`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NET_HEADER_SIZE } from "@virt/virtio/net_header.ts";
 * assert.equal(NET_HEADER_SIZE, 12);
 * ```
 */
export const NET_HEADER_SIZE = 12;

/**
 * A parsed header.
 *
 * @example
 * ```ts
 * import type { NetHeader } from "@virt/virtio/net_header.ts";
 * const none: NetHeader = { flags: 0, gsoType: 0, headerLength: 0, gsoSize: 0, checksumStart: 0, checksumOffset: 0, buffers: 0 };
 * ```
 */
export interface NetHeader {
  /** NEEDS_CSUM / DATA_VALID bits. */
  readonly flags: number;
  /** Segmentation offload type (0 = none). */
  readonly gsoType: number;
  /** hdr_len. */
  readonly headerLength: number;
  /** gso_size. */
  readonly gsoSize: number;
  /** csum_start. */
  readonly checksumStart: number;
  /** csum_offset. */
  readonly checksumOffset: number;
  /** num_buffers. */
  readonly buffers: number;
}

/**
 * Read a header; `RangeError` when fewer than 12 bytes are given.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseNetHeader } from "@virt/virtio/net_header.ts";
 * assert.throws(() => parseNetHeader(new Uint8Array(10)), /12 bytes/);
 * ```
 */
export function parseNetHeader(bytes: Uint8Array): NetHeader {
  if (bytes.length < NET_HEADER_SIZE) {
    throw new RangeError(
      `Cannot parse a virtio-net header: got ${bytes.length} bytes, need 12 bytes ` +
        `(virtio_net_hdr_v1); put the header in front of every packet`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    flags: bytes[0],
    gsoType: bytes[1],
    headerLength: view.getUint16(2, true),
    gsoSize: view.getUint16(4, true),
    checksumStart: view.getUint16(6, true),
    checksumOffset: view.getUint16(8, true),
    buffers: view.getUint16(10, true),
  };
}

/**
 * Write a header.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { emitNetHeader } from "@virt/virtio/net_header.ts";
 * const bytes = emitNetHeader({ flags: 1, gsoType: 0, headerLength: 0, gsoSize: 0, checksumStart: 34, checksumOffset: 6, buffers: 0 });
 * assert.deepEqual([...bytes.subarray(0, 2)], [1, 0]);
 * assert.equal(bytes[6], 34);
 * ```
 */
export function emitNetHeader(header: NetHeader): Uint8Array {
  const bytes = new Uint8Array(NET_HEADER_SIZE);
  const view = new DataView(bytes.buffer);
  bytes[0] = header.flags;
  bytes[1] = header.gsoType;
  view.setUint16(2, header.headerLength, true);
  view.setUint16(4, header.gsoSize, true);
  view.setUint16(6, header.checksumStart, true);
  view.setUint16(8, header.checksumOffset, true);
  view.setUint16(10, header.buffers, true);
  return bytes;
}
