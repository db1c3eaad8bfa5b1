/**
 * virtio-net over MMIO (virtio 1.x §5.1): queue 0 receives, queue 1 transmits. Each
 * transmitted packet is a chain `virtio_net_hdr (12 B) → frame bytes…`; the device
 * strips the header and records the frame. Receive is not modelled (nothing sends to
 * the guest in these workloads).
 *
 * ```
 *   transmit chain: [virtio_net_hdr_v1 12 B][frame, possibly split over descriptors]
 *   config space (0x100): mac[6]
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { VirtioNet } from "@virt/devices/virtio_net.ts";
 * const net = new VirtioNet(new Uint8Array(16), () => {}, {});
 * assert.equal(net.read(0x100, 1), 0x52); // MAC 52:54:00:12:34:56, QEMU's default
 * ```
 *
 * @module
 */

import { NET_HEADER_SIZE } from "../virtio/net_header.ts";
import { type Descriptor, VirtqueueError } from "../virtio/virtqueue.ts";
import { VirtioMmioDevice, type VirtioMmioOptions } from "./virtio_mmio.ts";

const MAC = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];

/**
 * A virtio network device; transmitted frames collect in `sent`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { VirtioNet } from "@virt/devices/virtio_net.ts";
 * assert.equal(new VirtioNet(new Uint8Array(16), () => {}, {}).deviceId, 1);
 * ```
 */
export class VirtioNet extends VirtioMmioDevice {
  /** Name for traces. */
  readonly name = "virtio-net";
  /** Frames transmitted, in order (without the virtio header). */
  readonly sent: Uint8Array[] = [];

  /** A device with DMA into `ram`. */
  constructor(ram: Uint8Array, raise: (line: number) => void, options: VirtioMmioOptions) {
    super(ram, raise, 2, { base: 0x11000, line: 2, ...options });
  }

  /** Device ID 1. */
  get deviceId(): number {
    return 1;
  }

  /** mac[6] at config offset 0. */
  protected readConfig(offset: number, size: number): number {
    let value = 0;
    for (let i = size - 1; i >= 0; i--) value = (value << 8) | (MAC[offset + i] ?? 0);
    return value;
  }

  /** Transmit one chain (queue 1); receive buffers (queue 0) are returned empty. */
  protected handle(queue: number, chain: Descriptor[]): number {
    if (queue !== 1) return 0;
    const total = chain.reduce((sum, d) => sum + d.length, 0);
    if (total < NET_HEADER_SIZE) {
      throw new VirtqueueError(
        `virtio-net packet of ${total} bytes is shorter than the 12-byte virtio_net_hdr`,
      );
    }
    const packet = new Uint8Array(total);
    let offset = 0;
    for (const d of chain) {
      packet.set(this.ram.subarray(d.address, d.address + d.length), offset);
      offset += d.length;
    }
    const frame = packet.slice(NET_HEADER_SIZE);
    this.sent.push(frame);
    this.bytes += frame.length;
    return 0;
  }
}
