// Chapter 2 across modules: one guest, every execution mode.
//
// Popek & Goldberg's equivalence property, tested: the guest-visible result (registers
// at the final HLT, the RESULT block, the disk contents, the frames sent) is identical
// in every mode. Exit counts are predicted from the guest kernel's drivers
// (virt/guest/kernel.ts) by counting the port and MMIO accesses they make:
//
//   legacy disk, S sectors in batches of B, written then read back:
//     per batch: OUT COUNT, OUT LBA, OUT COMMAND, IN STATUS = 4, plus 128 data words per sector
//     KVM_EXIT_IO = 2 · (4 · ⌈S/B⌉ + 128 · S)
//   legacy NIC, P frames of L bytes: OUT TX_LENGTH + ⌈L/4⌉ · OUT DATA + OUT COMMAND
//     KVM_EXIT_IO = P · (⌈L/4⌉ + 2)
//   every boot probes two MMIO addresses for virtio (2 KVM_EXIT_MMIO on a legacy board);
//   on a virtio board, virtio_init makes 6 reads + 19 writes per device = 50 KVM_EXIT_MMIO.
//   virtio: one kick (IOEVENTFD) per batch; one interrupt per batch, whose handler reads
//     InterruptStatus and writes InterruptACK: 2 KVM_EXIT_MMIO per batch.
import assert from "node:assert/strict";
import { assemble, GuestFault, MODES, run, type RunResult } from "@virt/mod.ts";

const SIZES = { iterations: 2_000, sectors: 12, packets: 10, packetBytes: 100, batch: 4 };

const count = (result: RunResult, reason: string) =>
  result.exits.find((row) => row.reason === reason)?.count ?? 0;

Deno.test("every workload leaves the identical guest-visible result in every mode", () => {
  for (const workload of ["compute", "disk", "net", "mixed"] as const) {
    const results = MODES.map((mode) => run(workload, { mode, sizes: SIZES }));
    for (const result of results) {
      assert.deepEqual(
        result.guest,
        results[0].guest,
        `${workload}: ${result.mode} differs from emulate`,
      );
    }
    assert.equal(results[0].guest.fault, 0);
    assert.equal(results[0].guest.errors, 0);
  }
});

Deno.test("every CPU mode gives the same result on either device flavour", () => {
  for (const devices of ["legacy", "virtio"] as const) {
    const cpuModes = ["emulate", "translate", "kvm", "trap-and-emulate"] as const;
    const results = cpuModes.map((mode) => run("mixed", { mode, devices, sizes: SIZES }));
    for (const result of results) {
      assert.deepEqual(result.guest, results[0].guest, `${devices}: ${result.mode} differs`);
      assert.equal(
        result.instructions,
        results[0].instructions,
        `${devices}: ${result.mode} instruction count`,
      );
    }
    // the virtio drivers take one interrupt per batch in every CPU mode; the legacy ones poll
    const interrupts = results.map((result) => result.interrupts);
    assert.deepEqual(interrupts, interrupts.map(() => devices === "virtio" ? interrupts[0] : 0));
  }
  assert.throws(
    () => run("disk", { mode: "virtio", devices: "legacy" }),
    /mode "virtio" is kvm with virtio devices/,
  );
});

Deno.test("the workloads really did their work (checked against independent arithmetic)", () => {
  const result = run("mixed", { mode: "kvm", sizes: SIZES });
  // compute: x ← x·1103 + 12345; h ← rotl1(h ⊕ x), `iterations` times, from x = 1, h = 0.
  let x = 1;
  let h = 0;
  for (let i = 0; i < SIZES.iterations; i++) {
    x = (Math.imul(x, 1103) + 12345) | 0;
    h ^= x;
    h = (h << 1) | (h >>> 31);
  }
  assert.equal(result.guest.hash, h >>> 0);
  assert.equal(result.guest.packetsSent, SIZES.packets);
  assert.equal(result.guest.frames, SIZES.packets);
  assert.deepEqual(result.guest.registers.slice(0, 3), [
    h >>> 0,
    result.guest.diskChecksum,
    SIZES.packets,
  ]);
});

Deno.test("kvm mode: KVM_EXIT_IO counts are exactly the legacy drivers' port accesses", () => {
  const { sectors: s, batch: b, packets: p, packetBytes: l } = SIZES;
  const disk = run("disk", { mode: "kvm", sizes: SIZES });
  assert.equal(count(disk, "KVM_EXIT_IO"), 2 * (4 * Math.ceil(s / b) + 128 * s));
  assert.equal(count(disk, "KVM_EXIT_MMIO"), 2);
  assert.equal(count(disk, "KVM_EXIT_HLT"), 1);
  const net = run("net", { mode: "kvm", sizes: SIZES });
  assert.equal(count(net, "KVM_EXIT_IO"), p * (Math.ceil(l / 4) + 2));
  const compute = run("compute", { mode: "kvm", sizes: SIZES });
  assert.equal(count(compute, "KVM_EXIT_IO"), 0);
});

Deno.test("virtio mode: one kick per batch, one interrupt per batch, no port I/O", () => {
  const { sectors: s, batch: b, packets: p } = SIZES;
  const disk = run("disk", { mode: "virtio", sizes: SIZES });
  const batches = 2 * Math.ceil(s / b); // write pass + read pass
  assert.equal(count(disk, "IOEVENTFD"), batches);
  assert.equal(disk.interrupts, batches);
  assert.equal(count(disk, "KVM_EXIT_MMIO"), 50 + 2 * batches);
  assert.equal(count(disk, "KVM_EXIT_IO"), 0);
  const net = run("net", { mode: "virtio", sizes: SIZES });
  assert.equal(count(net, "IOEVENTFD"), Math.ceil(p / b));
});

Deno.test("EVENT_IDX suppresses per-request interrupt requests (used_event = last of the batch)", () => {
  // The driver sets used_event = new avail idx − 1 before each kick, so with EVENT_IDX
  // only the last completion of a batch asks for an interrupt; without it, every one does.
  const { sectors: s, batch: b } = SIZES;
  const requests = 2 * s; // each sector written once and read once, one chain each
  const batches = 2 * Math.ceil(s / b);
  const withEventIdx = run("disk", { mode: "virtio", sizes: SIZES });
  const without = run("disk", { mode: "virtio", sizes: SIZES, eventIdx: false });
  assert.deepEqual(without.guest, withEventIdx.guest);
  assert.equal(withEventIdx.deviceWork.requests, requests);
  assert.equal(withEventIdx.deviceWork.interruptRequests, batches);
  assert.equal(without.deviceWork.interruptRequests, requests);
  // kicks: one per batch either way (the driver publishes a whole batch with one idx update)
  assert.equal(withEventIdx.deviceWork.kicks, batches);
  assert.equal(without.deviceWork.kicks, batches);
});

Deno.test("emulate and translate modes have no exits; their cost is instructions and accesses", () => {
  for (const mode of ["emulate", "translate"] as const) {
    const result = run("disk", { mode, sizes: SIZES });
    assert.deepEqual(result.exits, []);
    assert.equal(result.costs.find((row) => row.category === "exit")!.cycles, 0);
    const accesses = Object.values(result.deviceAccesses).reduce((sum, n) => sum + n, 0);
    assert.equal(accesses, 2 * (4 * Math.ceil(12 / 4) + 128 * 12) + 2);
  }
});

Deno.test("cost rows add up, follow overrides linearly and rank the modes sensibly", () => {
  const kvm = run("disk", { mode: "kvm", sizes: SIZES });
  assert.equal(kvm.costs.reduce((sum, row) => sum + row.cycles, 0), kvm.cycles);
  assert.equal(kvm.ns, kvm.cycles / 3);
  const slower = run("disk", {
    mode: "kvm",
    sizes: SIZES,
    costs: { vmExitRoundTripCycles: 1_360 + 1_000 },
  });
  const exits = kvm.exits.filter((row) => row.reason !== "INTERRUPT_INJECTION").reduce(
    (sum, row) => sum + row.count,
    0,
  );
  const exitCycles = (result: RunResult) =>
    result.costs.find((row) => row.category === "exit")!.cycles;
  assert.equal(exitCycles(slower) - exitCycles(kvm), 1_000 * exits);
  // Paravirtual I/O beats register-level I/O under hardware assistance…
  const virtio = run("disk", { mode: "virtio", sizes: SIZES });
  assert.ok(virtio.cycles * 10 < kvm.cycles, `virtio ${virtio.cycles} vs kvm ${kvm.cycles}`);
  // …and native execution beats translation beats interpretation on compute.
  const [emulated, translated, native] = (["emulate", "translate", "kvm"] as const).map((mode) =>
    run("compute", { mode, sizes: { iterations: 50_000 } }).cycles
  );
  assert.ok(
    native < translated && translated < emulated,
    `${native} < ${translated} < ${emulated}`,
  );
});

Deno.test("translate mode reports its warm-up: misses early, then hits", () => {
  const result = run("compute", { mode: "translate", sizes: { iterations: 100_000 } });
  const { stats, warmup } = result.translation!;
  assert.equal(warmup.length, stats.misses);
  const early = warmup.filter((row) => row.instructions < result.instructions / 100).length;
  assert.ok(early / warmup.length > 0.7, `${early} of ${warmup.length} misses in the first 1%`);
  assert.ok(stats.translatedInstructions < 1000);
});

// Malformed guests: each must end in a GuestFault naming the kind, under every mode.
const BROKEN: { name: string; source: string; kind: string; pc: number }[] = [
  {
    name: "jump out of memory",
    source: "LI r1, 0\nLUI r1, 2\nJR r1",
    kind: "pc-out-of-memory",
    pc: 0x20000,
  },
  { name: "invalid opcode, no handler", source: "NOP\n.word 0xee", kind: "invalid-opcode", pc: 4 },
  {
    name: "triple fault (handler installed, stack unusable)",
    source:
      "LI r0, vectors\nMOVCR cr0, r0\nLI32 sp, 0x30000\n.word 0xee\n.org 0x100\nvectors: .word 0, 0x200",
    kind: "triple-fault",
    pc: 16,
  },
  {
    name: "a fault handler that faults itself (the stack fills up)",
    source: "LI32 r0, vectors\nMOVCR cr0, r0\nLI32 sp, 0x8000\n.word 0xee\n" +
      ".org 0x9000\nvectors: .word 0, 0x9100\n.org 0x9100\n.word 0xee",
    kind: "triple-fault",
    pc: 0x9100,
  },
  { name: "runaway loop", source: "spin: ADDI r1, 1\nJMP spin", kind: "budget-exhausted", pc: 0 },
];

Deno.test("malformed guests end with a GuestFault (kind, pc, instruction) in every mode", () => {
  for (const broken of BROKEN) {
    const image = assemble(broken.source).bytes;
    for (const mode of MODES) {
      assert.throws(
        () => run(image, { mode, maxInstructions: 10_000 }),
        (error: unknown) => {
          assert.ok(error instanceof GuestFault, `${broken.name} / ${mode}: ${error}`);
          assert.equal(error.kind, broken.kind, `${broken.name} / ${mode}: ${error.message}`);
          if (broken.kind !== "budget-exhausted") {
            assert.equal(error.pc, broken.pc, `${broken.name} / ${mode}`);
          }
          assert.ok(error.instruction.length > 0);
          if (broken.kind === "budget-exhausted") {
            assert.match(error.message, /maxInstructions: 20000/);
          }
          return true;
        },
      );
    }
  }
});

// User-mode paging (cr4): a kernel maps three pages, copies a user program to physical
// 0x6000, enters it at virtual 0 with IRET, and the program ends in a page fault:
//
//   virtual 0x0000 → physical 0x6000  P|U      user code (read-only)
//   virtual 0x1000 → physical 0x5000  P|W|U    user data and stack
//   virtual 0x2000 → physical 0x7000  P|U      read-only data (holds 0x77)
const pagingGuest = (userCode: string) =>
  assemble(`
        JMP start
.org 0x40
vectors: .word 0, 0, 0, 0, pf
start:
        LI32 sp, 0xf000
        LI r0, vectors
        MOVCR cr0, r0
        MOVCR cr1, sp
        LI r1, 0x3000           ; the page table
        LI32 r0, 0x6005
        ST r0, [r1+0]
        LI32 r0, 0x5007
        ST r0, [r1+4]
        LI32 r0, 0x7005
        ST r0, [r1+8]
        LI r0, 0x77
        LI r1, 0x7000
        ST r0, [r1+0]
        LI r2, user_code        ; copy 16 words of user code to physical 0x6000
        LI r3, 0x6000
        LI r4, 16
copy:   LD r0, [r2+0]
        ST r0, [r3+0]
        ADDI r2, 4
        ADDI r3, 4
        ADDI r4, -1
        CMPI r4, 0
        JNE copy
        LI r0, 0x3001
        MOVCR cr4, r0           ; paging on for user mode
        LI r0, 0x2000
        PUSH r0                 ; user sp (virtual)
        LI r0, 0x200
        PUSH r0                 ; flags: U
        LI r0, 0
        PUSH r0                 ; pc: virtual 0
        IRET
pf:     MOVCR r5, cr3           ; faulting virtual address
        MOVCR r6, cr2           ; cause
        LD r7, [sp+0]           ; faulting pc (virtual)
        LI32 r1, 0x5010
        LD r1, [r1+0]           ; what the user stored at virtual 0x1010
        LI32 r4, 0x5ffc
        LD r4, [r4+0]           ; what the user pushed at virtual 0x1ffc
        HLT
user_code:
${userCode}
`).bytes;

Deno.test("user-mode paging translates, protects and faults the same way in every mode", () => {
  const image = pagingGuest(`
        LI r1, 0x1000
        LI r0, 42
        ST r0, [r1+0x10]        ; virtual 0x1010 → physical 0x5010
        PUSH r0                 ; virtual 0x1ffc → physical 0x5ffc
        LD r2, [r1+0x10]
        LI r1, 0x2000
        LD r3, [r1+0]           ; read-only page: reading is fine
        ST r0, [r1+0]           ; writing is a page fault (virtual pc 0x1c)
`);
  const counts = MODES.map((mode) => {
    const result = run(image, { mode });
    assert.deepEqual(result.guest.registers, [42, 42, 42, 0x77, 42, 0x2000, 4, 0x1c], mode);
    return result.instructions;
  });
  assert.equal(new Set(counts).size, 1, `instruction counts differ: ${counts}`);
  // An instruction fetch from an unmapped page faults too, with cr3 = the target.
  const jump = pagingGuest("        LI r1, 0x4000\n        JR r1");
  for (const mode of MODES) {
    const { registers } = run(jump, { mode }).guest;
    assert.deepEqual(registers.slice(5, 8), [0x4000, 4, 0x4000], mode);
  }
});

Deno.test("a page fault with no handler is a GuestFault of kind page-fault", () => {
  const image = pagingGuest("        LI r1, 0x2000\n        ST r1, [r1+0]").slice();
  // knock out the handler: the vector table's entry 4 is the word at 0x40 + 16
  new DataView(image.buffer).setUint32(0x50, 0, true);
  for (const mode of MODES) {
    assert.throws(() => run(image, { mode }), (error: unknown) => {
      assert.ok(error instanceof GuestFault);
      assert.equal(error.kind, "page-fault", mode);
      assert.equal(error.pc, 4, mode);
      assert.equal(error.instruction, "ST r1, [r1]", mode); // read through the page table
      return true;
    });
  }
});
