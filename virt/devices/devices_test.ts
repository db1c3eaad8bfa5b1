import assert from "node:assert/strict";
import { DeviceBus } from "./device_bus.ts";
import { LegacyDisk, LegacyDiskPort } from "./legacy_disk.ts";
import { DeviceStatus, VirtioMmioRegister as R } from "./virtio_mmio.ts";
import { VirtioBlk } from "./virtio_blk.ts";
import { VirtioNet } from "./virtio_net.ts";
import { DriverQueue } from "../virtio/virtqueue.ts";
import { vringLayout } from "../virtio/virtqueue_layout.ts";
import { emitBlkHeader } from "../virtio/blk_request.ts";

function readySetup(device: VirtioBlk | VirtioNet, queue: number, base: number) {
  const layout = vringLayout(16, base, 4);
  device.write(R.Status, 4, DeviceStatus.ACKNOWLEDGE | DeviceStatus.DRIVER);
  device.write(R.DeviceFeaturesSel, 4, 0);
  device.write(R.DriverFeaturesSel, 4, 0);
  device.write(R.DriverFeatures, 4, device.read(R.DeviceFeatures, 4));
  device.write(R.QueueSel, 4, queue);
  device.write(R.QueueNum, 4, 16);
  device.write(R.QueueDescLow, 4, layout.descriptors);
  device.write(R.QueueDriverLow, 4, layout.available);
  device.write(R.QueueDeviceLow, 4, layout.used);
  device.write(R.QueueReady, 4, 1);
  device.write(R.Status, 4, 15);
  return layout;
}

Deno.test("the legacy disk moves a sector in exactly 128 data-port accesses", () => {
  const bus = new DeviceBus();
  const disk = new LegacyDisk(new Uint8Array(2 * 512).fill(7));
  bus.attachPorts(disk);
  bus.portOut(LegacyDiskPort.COUNT, 1);
  bus.portOut(LegacyDiskPort.LBA, 1);
  bus.portOut(LegacyDiskPort.COMMAND, 0x20);
  for (let i = 0; i < 128; i++) assert.equal(bus.portIn(LegacyDiskPort.DATA), 0x07070707);
  assert.equal(bus.portIn(LegacyDiskPort.STATUS) & 0x08, 0, "DRQ clears after the last word");
  assert.equal(bus.portIn(LegacyDiskPort.DATA), 0xffffffff, "no data beyond the transfer");
  assert.deepEqual(bus.counts, { portReads: 130, portWrites: 3, mmioReads: 0, mmioWrites: 0 });
});

Deno.test("the bus refuses overlapping claims", () => {
  const bus = new DeviceBus();
  bus.attachPorts(new LegacyDisk(new Uint8Array(512)));
  assert.throws(
    () => bus.attachPorts(new LegacyDisk(new Uint8Array(512))),
    /port 0x1f0 already belongs to legacy-disk/,
  );
});

Deno.test("virtio-blk reads a sector into a device-writable buffer and reports IOERR past the end", () => {
  const ram = new Uint8Array(0x10000);
  const image = new Uint8Array(4 * 512);
  image.fill(0x5a, 512, 1024);
  const raised: number[] = [];
  const blk = new VirtioBlk(ram, (line) => raised.push(line), { image });
  const layout = readySetup(blk, 0, 0x8000);
  assert.equal(blk.eventIdxNegotiated, true);
  const driver = new DriverQueue(ram, layout);
  ram.set(emitBlkHeader({ type: 0, sector: 1 }), 0x9000);
  ram.set(emitBlkHeader({ type: 0, sector: 4 }), 0x9010);
  driver.add([{ address: 0x9000, length: 16, write: false }, {
    address: 0xa000,
    length: 512,
    write: true,
  }, { address: 0x9100, length: 1, write: true }]);
  driver.add([{ address: 0x9010, length: 16, write: false }, {
    address: 0xa200,
    length: 512,
    write: true,
  }, { address: 0x9101, length: 1, write: true }]);
  driver.publish();
  blk.write(R.QueueNotify, 4, 0);
  assert.equal(ram[0xa000], 0x5a);
  assert.equal(ram[0x9100], 0, "VIRTIO_BLK_S_OK");
  assert.equal(ram[0x9101], 1, "VIRTIO_BLK_S_IOERR: sector 4 is past a 4-sector disk");
  assert.deepEqual(driver.reclaim().map((used) => used.length), [513, 1]);
  assert.deepEqual(raised, [1]);
  assert.equal(blk.read(R.InterruptStatus, 4), 1);
  blk.write(R.InterruptACK, 4, 1);
  assert.equal(blk.read(R.InterruptStatus, 4), 0);
});

Deno.test("a malformed chain sets DEVICE_NEEDS_RESET instead of crashing the host", () => {
  const ram = new Uint8Array(0x10000);
  const net = new VirtioNet(ram, () => {}, {});
  const layout = readySetup(net, 1, 0x8000);
  const driver = new DriverQueue(ram, layout);
  driver.add([{ address: 0x9000, length: 4, write: false }]); // shorter than virtio_net_hdr
  driver.publish();
  net.write(R.QueueNotify, 4, 1);
  assert.equal(net.status & DeviceStatus.DEVICE_NEEDS_RESET, DeviceStatus.DEVICE_NEEDS_RESET);
  assert.equal(net.sent.length, 0);
  net.write(R.Status, 4, 0);
  assert.equal(net.status, 0, "writing 0 resets the device");
});
