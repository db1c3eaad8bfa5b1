/**
 * `virt/emulate`: running a guest entirely in software — an interpreter, a full-system
 * emulator around it, and a binary translator that compiles guest blocks to JavaScript.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createPlatform } from "@virt/devices/mod.ts";
 * import { buildGuestImage } from "@virt/guest/mod.ts";
 * import { emulate, translate } from "@virt/emulate/mod.ts";
 * const a = createPlatform(buildGuestImage("compute", { iterations: 50 }));
 * const b = createPlatform(buildGuestImage("compute", { iterations: 50 }));
 * emulate(a);
 * translate(b);
 * assert.deepEqual(a.machine.regs, b.machine.regs);
 * ```
 *
 * @module
 */

// 1. Trap and interrupt delivery through the vector table.
export * from "./traps.ts";
// 2. The fetch–decode–execute interpreter and its stop codes.
export * from "./interpreter.ts";
// 3. Full-system emulation: the interpreter with devices called inline.
export * from "./emulator.ts";
// 4. Block translation: one guest basic block to the source of a JavaScript function.
export * from "./block_translation.ts";
// 5. Binary translation: the cache of translated blocks, chaining, warm-up.
export * from "./translator.ts";
