/**
 * `virt/devices`: what the guest's drivers talk to — register-level legacy devices
 * (one port access per word) and virtio devices (rings in guest memory), on a bus.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createPlatform } from "@virt/devices/mod.ts";
 * assert.equal(createPlatform(new Uint8Array(0), { devices: "virtio" }).virtio!.blk.deviceId, 2);
 * ```
 *
 * @module
 */

// 1. The bus: ports and MMIO ranges to devices, with access counters.
export * from "./device_bus.ts";
// 2. An ATA-style disk doing programmed I/O.
export * from "./legacy_disk.ts";
// 3. An NE2000-style network card doing programmed I/O.
export * from "./legacy_nic.ts";
// 4. A doorbell that raises an interrupt line on demand.
export * from "./doorbell.ts";
// 5. The virtio-mmio transport: registers, features, queues, kicks, interrupts.
export * from "./virtio_mmio.ts";
// 6. virtio-blk.
export * from "./virtio_blk.ts";
// 7. virtio-net (transmit).
export * from "./virtio_net.ts";
// 8. The board: a machine with legacy or virtio devices.
export * from "./platform.ts";
