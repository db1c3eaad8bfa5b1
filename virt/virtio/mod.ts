/**
 * `virt/virtio`: the paravirtual I/O interface, as bytes in guest memory. A guest that
 * knows it is virtualized skips register-by-register device emulation: it posts whole
 * requests in a shared ring and kicks the host once per batch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { vringSize } from "@virt/virtio/mod.ts";
 * assert.equal(vringSize(256, 4096), 10246);
 * ```
 *
 * @module
 */

// 1. The split virtqueue's layout, flags, vring_size and vring_need_event.
export * from "./virtqueue_layout.ts";
// 2. Driver and device ends of a virtqueue over guest memory.
export * from "./virtqueue.ts";
// 3. The virtio-blk request header and status byte.
export * from "./blk_request.ts";
// 4. The virtio-net packet header.
export * from "./net_header.ts";
