import assert from "node:assert/strict";
import { run } from "../run.ts";
import { DeviceQueue, DriverQueue, vringLayout } from "../virtio/mod.ts";
import { exitRates, exitTimeline } from "./exit_timeline.ts";
import { showVirtqueue, virtqueueCursors, virtqueueRows } from "./virtqueue_view.ts";

const states = (rows: ReturnType<typeof virtqueueRows>, area: string) =>
  rows.filter((row) => row.area === area).map((row) => row.state).join(" ");

Deno.test("virtqueueRows() follows a batch through added, available, device, used, free", () => {
  const memory = new Uint8Array(0x4000);
  const layout = vringLayout(8, 0x1000, 4);
  const driver = new DriverQueue(memory, layout);
  const device = new DeviceQueue(memory, layout);
  const chain = (i: number) => [
    { address: 0x2000 + 16 * i, length: 16, write: false },
    { address: 0x3000 + 512 * i, length: 512, write: false },
    { address: 0x2100 + i, length: 1, write: true },
  ];
  const heads = [driver.add(chain(0)), driver.add(chain(1))];
  assert.deepEqual(heads, [0, 3]);
  let rows = virtqueueRows(driver, { unpublished: heads, lastAvailable: 0, lastUsed: 0 });
  assert.equal(states(rows, "descriptor table"), "added added added added added added free free");
  assert.equal(rows.find((row) => row.slot === 1)!.label, "512B\n→2");
  assert.equal(rows.find((row) => row.slot === 2)!.label, "1B W\n");
  driver.publish();
  rows = virtqueueRows(driver, { lastAvailable: 0, lastUsed: 0 });
  assert.equal(states(rows, "available ring"), "available available old old old old old old");
  assert.deepEqual(
    rows.filter((r) => r.area === "available ring").map((r) => r.label).slice(0, 3),
    [
      "0",
      "3",
      "",
    ],
  );
  const first = device.pop();
  rows = virtqueueRows(device, { lastAvailable: device.lastAvailable, lastUsed: 0 });
  assert.equal(
    states(rows, "descriptor table"),
    "device device device available available available free free",
  );
  device.pushUsed(first, 1);
  rows = virtqueueRows(device, { lastAvailable: device.lastAvailable, lastUsed: 0 });
  assert.equal(
    states(rows, "descriptor table"),
    "used used used available available available free free",
  );
  assert.equal(rows.find((r) => r.area === "used ring" && r.slot === 0)!.label, "id 0\n1B");
  device.pushUsed(device.pop(), 1);
  assert.equal(driver.reclaim().length, 2);
  rows = virtqueueRows(device, { lastAvailable: device.lastAvailable, lastUsed: 2 });
  assert.equal(states(rows, "descriptor table"), "free free free free free free free free");
  assert.equal(states(rows, "used ring"), "old old old old old old old old");
  assert.deepEqual(
    virtqueueCursors(device, { lastAvailable: 2, lastUsed: 2 }).map((c) => [c.area, c.slot]),
    [["available ring", 2], ["used ring", 2], ["available ring", 2], ["used ring", 2]],
  );
  assert.match(showVirtqueue(device, { lastAvailable: 2, lastUsed: 2 }).svg, /<svg[\s\S]*<rect/);
});

Deno.test("virtqueueRows() wraps its ring indices at the queue size", () => {
  const memory = new Uint8Array(0x2000);
  const layout = vringLayout(4, 0, 4);
  const driver = new DriverQueue(memory, layout);
  const device = new DeviceQueue(memory, layout);
  for (let round = 0; round < 3; round++) {
    driver.add([{ address: 0x1000, length: 8, write: false }]);
    driver.add([{ address: 0x1100, length: 8, write: false }]);
    driver.publish();
    device.pushUsed(device.pop(), 0);
    device.pushUsed(device.pop(), 0);
    driver.reclaim();
  }
  driver.add([{ address: 0x1000, length: 8, write: false }]);
  driver.publish(); // avail.idx = 7: slot 6 % 4 = 2 is the one pending entry
  const rows = virtqueueRows(driver, { lastAvailable: 6, lastUsed: 6 });
  assert.equal(states(rows, "available ring"), "old old available old");
});

Deno.test("exitTimeline() ends where run() says the guest, exits and emulation end", () => {
  const sizes = { iterations: 500, sectors: 4, packets: 4, batch: 2 };
  for (const mode of ["kvm", "virtio"] as const) {
    const costs = { vmExitRoundTripCycles: 2_000 };
    const result = run("mixed", { mode, sizes, costs });
    const timeline = exitTimeline(result, costs);
    assert.equal(timeline.length, result.exitLog!.length);
    const last = timeline.at(-1)!;
    assert.equal(last.reason, "KVM_EXIT_HLT");
    // Everything before the final HLT exit, plus the HLT exit itself, is the whole bill
    // minus backend device time.
    const byCategory = Object.fromEntries(result.costs.map((row) => [row.category, row.ns]));
    const expected = byCategory.guest + byCategory.exit + byCategory.emulation;
    assert.ok(Math.abs(last.ns + last.cycles / 3 - expected) < 1e-6 * expected, `${mode}`);
    for (let i = 1; i < timeline.length; i++) assert.ok(timeline[i].ns >= timeline[i - 1].ns);
  }
});

Deno.test("exitRates() counts per bin and per reason, with empty bins as zero", () => {
  const timeline = [
    { exit: 0, ns: 100, reason: "A", handledIn: "vmm" as const, address: 0, cycles: 0 },
    { exit: 1, ns: 200, reason: "B", handledIn: "vmm" as const, address: 0, cycles: 0 },
    {
      exit: 2,
      ns: 250,
      reason: "INTERRUPT_INJECTION",
      handledIn: "kernel" as const,
      address: 0,
      cycles: 0,
    },
    { exit: 3, ns: 2100, reason: "A", handledIn: "vmm" as const, address: 0, cycles: 0 },
  ];
  const rows = exitRates(timeline, 1000);
  assert.deepEqual(rows.map((row) => [row.reason, row.startMs, row.perSecond]), [
    ["A", 0, 1e6],
    ["A", 0.001, 0],
    ["A", 0.002, 1e6],
    ["B", 0, 1e6],
    ["B", 0.001, 0],
    ["B", 0.002, 0],
  ]);
  assert.throws(() => exitRates(timeline, 0), /binNs is 0/);
});
