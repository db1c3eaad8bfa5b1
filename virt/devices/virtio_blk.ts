/**
 * virtio-blk over MMIO (virtio 1.x §5.2): one request queue; each request is a chain
 * `header → data… → status` (see `virtio/blk_request.ts`). A batch of n requests costs
 * the guest one kick and one interrupt instead of 4 + 128 port accesses per sector.
 *
 * ```
 *   chain:  [outhdr 16 B, device reads] → [data 512·k B] → [status 1 B, device writes]
 *   IN:  image[sector·512 …] → data (descriptor must be WRITE)
 *   OUT: data → image[sector·512 …]
 *   config space (0x100): capacity u64, in 512-byte sectors
 * ```
 *
 * @example One write request through a TypeScript driver
 * ```ts
 * import assert from "node:assert/strict";
 * import { VirtioBlk } from "@virt/devices/virtio_blk.ts";
 * import { VirtioMmioRegister as R } from "@virt/devices/virtio_mmio.ts";
 * import { DriverQueue, emitBlkHeader, vringLayout } from "@virt/virtio/mod.ts";
 * const ram = new Uint8Array(0x10000);
 * const blk = new VirtioBlk(ram, () => {}, { image: new Uint8Array(8 * 512) });
 * const layout = vringLayout(16, 0x8000, 4);
 * blk.write(R.QueueSel, 4, 0);
 * blk.write(R.QueueNum, 4, 16);
 * blk.write(R.QueueDescLow, 4, layout.descriptors);
 * blk.write(R.QueueDriverLow, 4, layout.available);
 * blk.write(R.QueueDeviceLow, 4, layout.used);
 * blk.write(R.QueueReady, 4, 1);
 * blk.write(R.Status, 4, 15);
 * ram.set(emitBlkHeader({ type: 1, sector: 3 }), 0x9000);
 * ram.fill(0xab, 0x9100, 0x9300);
 * const driver = new DriverQueue(ram, layout, { eventIdx: false });
 * driver.add([
 *   { address: 0x9000, length: 16, write: false },
 *   { address: 0x9100, length: 512, write: false },
 *   { address: 0x9400, length: 1, write: true },
 * ]);
 * driver.publish();
 * blk.write(R.QueueNotify, 4, 0);
 * assert.equal(blk.image[3 * 512], 0xab);
 * assert.equal(ram[0x9400], 0); // VIRTIO_BLK_S_OK
 * ```
 *
 * @module
 */

import {
  BLK_HEADER_SIZE,
  BlkStatus,
  BlkType,
  parseBlkHeader,
  SECTOR_SIZE,
} from "../virtio/blk_request.ts";
import { type Descriptor, VirtqueueError } from "../virtio/virtqueue.ts";
import { DescriptorFlag } from "../virtio/virtqueue_layout.ts";
import { VirtioMmioDevice, type VirtioMmioOptions } from "./virtio_mmio.ts";

/**
 * Options for {@linkcode VirtioBlk}.
 *
 * @example
 * ```ts
 * import type { VirtioBlkOptions } from "@virt/devices/virtio_blk.ts";
 * const options: VirtioBlkOptions = { image: new Uint8Array(512), base: 0x10000 };
 * ```
 */
export interface VirtioBlkOptions extends VirtioMmioOptions {
  /** The disk contents (a multiple of 512 bytes). */
  image: Uint8Array;
}

/**
 * A virtio block device.
 *
 * @example Capacity in the config space
 * ```ts
 * import assert from "node:assert/strict";
 * import { VirtioBlk } from "@virt/devices/virtio_blk.ts";
 * const blk = new VirtioBlk(new Uint8Array(16), () => {}, { image: new Uint8Array(4 * 512) });
 * assert.equal(blk.read(0x100, 4), 4);
 * ```
 */
export class VirtioBlk extends VirtioMmioDevice {
  /** Name for traces. */
  readonly name = "virtio-blk";
  /** The disk contents. */
  readonly image: Uint8Array;

  /** A device over `options.image`, DMA into `ram`. */
  constructor(ram: Uint8Array, raise: (line: number) => void, options: VirtioBlkOptions) {
    super(ram, raise, 1, options);
    if (options.image.length % SECTOR_SIZE !== 0) {
      throw new RangeError(
        `Disk image length ${options.image.length} is not a multiple of 512 bytes; pad it`,
      );
    }
    this.image = options.image;
  }

  /** Device ID 2. */
  get deviceId(): number {
    return 2;
  }

  /** capacity (u64, sectors) at config offset 0. */
  protected readConfig(offset: number): number {
    return offset === 0 ? this.image.length / SECTOR_SIZE : 0;
  }

  /** Serve one request chain. */
  protected handle(_queue: number, chain: Descriptor[]): number {
    if (chain.length < 2 || chain[0].length < BLK_HEADER_SIZE) {
      throw new VirtqueueError(
        `virtio-blk request needs a 16-byte header and a status byte; got ${chain.length} descriptors`,
      );
    }
    const status = chain[chain.length - 1];
    if ((status.flags & DescriptorFlag.WRITE) === 0 || status.length < 1) {
      throw new VirtqueueError(
        `virtio-blk status descriptor ${status.index} must be device-writable`,
      );
    }
    const header = parseBlkHeader(
      this.ram.subarray(chain[0].address, chain[0].address + BLK_HEADER_SIZE),
    );
    const data = chain.slice(1, -1);
    let offset = header.sector * SECTOR_SIZE;
    let written = 0;
    let result: number = BlkStatus.OK;
    const total = data.reduce((sum, d) => sum + d.length, 0);
    if (header.type !== BlkType.IN && header.type !== BlkType.OUT) result = BlkStatus.UNSUPP;
    else if (offset + total > this.image.length) result = BlkStatus.IOERR;
    else {
      for (const buffer of data) {
        const guest = this.ram.subarray(buffer.address, buffer.address + buffer.length);
        if (header.type === BlkType.IN) {
          guest.set(this.image.subarray(offset, offset + buffer.length));
          written += buffer.length;
        } else {
          this.image.set(guest, offset);
        }
        offset += buffer.length;
      }
      this.bytes += total;
    }
    this.ram[status.address] = result;
    return written + 1;
  }
}
