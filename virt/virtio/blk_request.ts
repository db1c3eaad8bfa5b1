/**
 * The virtio-blk request as bytes (virtio 1.x §5.2.6; Linux
 * `include/uapi/linux/virtio_blk.h`, `struct virtio_blk_outhdr`). A request is a
 * descriptor chain of three parts:
 *
 * ```
 *   header (device reads, 16 bytes)      data (512·n bytes)          status (device writes)
 *   +0  type     u32  IN=0 OUT=1 …        READ:  device writes it      +0 status u8
 *   +4  reserved u32  (ioprio in legacy)  WRITE: device reads it          OK=0 IOERR=1 UNSUPP=2
 *   +8  sector   u64  in 512-byte units
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BlkType, emitBlkHeader, parseBlkHeader } from "@virt/virtio/blk_request.ts";
 * const bytes = emitBlkHeader({ type: BlkType.OUT, sector: 7 });
 * assert.deepEqual([...bytes], [1, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0]);
 * assert.deepEqual(parseBlkHeader(bytes), { type: 1, sector: 7 });
 * ```
 *
 * @module
 */

/**
 * Request types (`VIRTIO_BLK_T_*`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BlkType } from "@virt/virtio/blk_request.ts";
 * assert.equal(BlkType.FLUSH, 4);
 * ```
 */
export const BlkType = { IN: 0, OUT: 1, FLUSH: 4, GET_ID: 8 } as const;

/**
 * Status byte values (`VIRTIO_BLK_S_*`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BlkStatus } from "@virt/virtio/blk_request.ts";
 * assert.equal(BlkStatus.UNSUPP, 2);
 * ```
 */
export const BlkStatus = { OK: 0, IOERR: 1, UNSUPP: 2 } as const;

/**
 * Bytes in the request header.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BLK_HEADER_SIZE } from "@virt/virtio/blk_request.ts";
 * assert.equal(BLK_HEADER_SIZE, 16);
 * ```
 */
export const BLK_HEADER_SIZE = 16;

/**
 * Bytes in a sector: virtio-blk addresses in 512-byte units whatever the block size.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SECTOR_SIZE } from "@virt/virtio/blk_request.ts";
 * assert.equal(SECTOR_SIZE, 512);
 * ```
 */
export const SECTOR_SIZE = 512;

/**
 * A parsed header.
 *
 * @example
 * ```ts
 * import type { BlkHeader } from "@virt/virtio/blk_request.ts";
 * const header: BlkHeader = { type: 0, sector: 3 };
 * ```
 */
export interface BlkHeader {
  /** `BlkType` value. */
  readonly type: number;
  /** First sector. */
  readonly sector: number;
}

/**
 * Read a header; `RangeError` when fewer than 16 bytes are given.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseBlkHeader } from "@virt/virtio/blk_request.ts";
 * assert.throws(() => parseBlkHeader(new Uint8Array(8)), /16-byte/);
 * ```
 */
export function parseBlkHeader(bytes: Uint8Array): BlkHeader {
  if (bytes.length < BLK_HEADER_SIZE) {
    throw new RangeError(
      `Cannot parse a virtio-blk header: got ${bytes.length} bytes, the header is 16-byte ` +
        `(type u32, reserved u32, sector u64); give the driver's first descriptor 16 bytes`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    type: view.getUint32(0, true),
    sector: view.getUint32(12, true) * 2 ** 32 + view.getUint32(8, true),
  };
}

/**
 * Write a header (reserved = 0).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { emitBlkHeader } from "@virt/virtio/blk_request.ts";
 * assert.equal(emitBlkHeader({ type: 0, sector: 2 ** 32 })[12], 1);
 * ```
 */
export function emitBlkHeader(header: BlkHeader): Uint8Array {
  const bytes = new Uint8Array(BLK_HEADER_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, header.type, true);
  view.setUint32(8, header.sector % 2 ** 32, true);
  view.setUint32(12, Math.floor(header.sector / 2 ** 32), true);
  return bytes;
}
