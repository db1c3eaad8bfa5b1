import assert from "node:assert/strict";
import { assemble, AssemblyError } from "./assembler.ts";
import { disassemble } from "./disassembler.ts";
import { KERNEL_SOURCE } from "../guest/kernel.ts";

function errorOf(source: string): AssemblyError {
  try {
    assemble(source);
  } catch (error) {
    assert.ok(error instanceof AssemblyError, `expected AssemblyError, got ${error}`);
    return error;
  }
  throw new Error("expected the source to fail");
}

Deno.test("assemble() encodes each format as the table in instruction_set.ts says", () => {
  // Hand-encoded: opcode | a << 12 | b << 8 | imm << 16, little-endian.
  const cases: [string, number[]][] = [
    ["ADD r1, r2", [0x01, 0x12, 0x00, 0x00]],
    ["ADDI r7, -1", [0x11, 0x70, 0xff, 0xff]],
    ["ORI r1, 0xbeef", [0x14, 0x10, 0xef, 0xbe]],
    ["LD r3, [sp+8]", [0x20, 0x38, 0x08, 0x00]],
    ["ST r3, [r4-4]", [0x21, 0x34, 0xfc, 0xff]],
    ["JMP 0x0100", [0x30, 0x00, 0x00, 0x01]],
    ["PUSH r5", [0x40, 0x50, 0x00, 0x00]],
    ["IN r2, 0x1f0", [0x55, 0x20, 0xf0, 0x01]],
    ["OUT 0x1f0, r2", [0x56, 0x20, 0xf0, 0x01]],
    ["MOVCR cr3, r1", [0x57, 0x10, 0x03, 0x00]],
    ["MOVCR r1, cr3", [0x58, 0x10, 0x03, 0x00]],
    ["INT 31", [0x50, 0x00, 0x1f, 0x00]],
    ["HLT", [0x52, 0x00, 0x00, 0x00]],
    ["nop", [0x04, 0x00, 0x00, 0x00]],
  ];
  for (const [source, bytes] of cases) assert.deepEqual([...assemble(source).bytes], bytes, source);
});

Deno.test("assemble() resolves forward labels, .equ, expressions and sections", () => {
  const program = assemble(`
.equ BASE, 0x10
        JMP later
later:  LI r1, BASE*2+1
        LI r2, (BASE - 1) * 2
        LI r3, 'A'
.data
table:  .word later, -1
        .half 0x1234
        .byte 1, 2
        .align 4
after:  .ascii "ok"
`);
  assert.equal(program.symbols.get("later"), 4);
  assert.deepEqual([...program.bytes.subarray(4, 8)], [0x1b, 0x10, 33, 0]);
  assert.equal(program.bytes[8 + 2], 30);
  assert.equal(program.bytes[12 + 2], 65);
  assert.equal(program.symbols.get("after"), 0x4000 + 12);
  assert.deepEqual([...program.bytes.subarray(0x4000, 0x4008)], [
    4,
    0,
    0,
    0,
    0xff,
    0xff,
    0xff,
    0xff,
  ]);
  assert.equal(new TextDecoder().decode(program.bytes.subarray(0x400c, 0x400e)), "ok");
});

Deno.test("AssemblyError names the line and column and suggests the fix", () => {
  assert.equal(
    errorOf("NOP\nNOP\n    ADDD r1, r2").message,
    "line 3, column 5: unknown instruction 'ADDD'. Did you mean 'ADD'?",
  );
  assert.match(
    errorOf("LI r1, 40000").message,
    /^line 1, column 8: value 40000 is outside -32768…32767.*LI32/,
  );
  assert.match(
    errorOf("ADD r1, r9").message,
    /^line 1, column 9: expected a register \(r0–r7 or sp\), got 'r9'/,
  );
  assert.match(
    errorOf("JMP nowhere").message,
    /^line 1, column 5: unknown name 'nowhere'\. Define it/,
  );
  assert.match(errorOf("loop: NOP\nJMP lop").message, /unknown name 'lop'\. Did you mean 'loop'\?/);
  assert.match(
    errorOf("a: NOP\na: NOP").message,
    /^line 2, column 1: label 'a' is already defined on line 1/,
  );
  assert.match(errorOf("ADD r1").message, /ADD takes 2 operands, got 1/);
  assert.match(errorOf(".wrod 1").message, /unknown directive '.wrod'. Did you mean '.word'\?/);
  assert.match(errorOf("LD r1, r2").message, /expected a memory operand like \[r2\]/);
  assert.match(errorOf("JMP 6").message, /not a multiple of 4/);
  assert.match(errorOf(".org 0x10\nNOP\n.org 0x10\nNOP").message, /line 3.*moves backwards/);
  assert.match(
    errorOf(".byte 1\nNOP").message,
    /line 2, column 1: instruction at 0x0001 is not 4-byte aligned/,
  );
  assert.match(errorOf(".org 0xfffc\nNOP\nNOP").message, /past the end of the 65536-byte memory/);
  assert.match(errorOf("MOVCR cr5, r1").message, /expected a control register cr0–cr4/);
});

Deno.test("disassemble() round-trips the whole guest kernel byte for byte", () => {
  const program = assemble(KERNEL_SOURCE);
  const listing = disassemble(program.bytes);
  assert.deepEqual(assemble(listing.text).bytes, program.bytes);
  assert.ok(
    listing.lines.some((line) =>
      line.text === "JNE 0x" + program.symbols.get("compute_loop")!.toString(16).padStart(4, "0")
    ),
  );
});

Deno.test("disassemble() round-trips arbitrary words (invalid ones become .word)", () => {
  const bytes = new Uint8Array(4 * 512);
  let x = 12345;
  for (let i = 0; i < bytes.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0; // a fixed LCG: deterministic bytes
    bytes[i] = x >>> 24;
  }
  const text = disassemble(bytes).text;
  assert.deepEqual(assemble(text).bytes, bytes);
  assert.match(text, /\.word 0x/);
});
