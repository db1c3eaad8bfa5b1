import assert from "node:assert/strict";
import { internetChecksum, parseIpv4 } from "../wire/mod.ts";
import { checksum } from "./checksum.ts";

function bytesOf(words: readonly number[]): Uint8Array {
  return new Uint8Array(words.flatMap((word) => [word >> 8, word & 0xff]));
}

Deno.test("checksum: solve() agrees with internetChecksum and parseIpv4 accepts the result", () => {
  for (let seed = 0; seed < 100; seed++) {
    for (const style of ["running", "deferred"] as const) {
      const problem = checksum.generate(seed, { style, damage: 0.5 });
      const solution = checksum.solve(problem);
      assert.equal(solution.checksum, internetChecksum(bytesOf(problem.words)), `seed ${seed}`);
      const filled = [...problem.words];
      filled[5] = solution.checksum;
      const header = bytesOf(filled);
      parseIpv4(new Uint8Array([...header, ...new Uint8Array(filled[1] - 20)])); // throws on a bad checksum
      // The receiver's verdict: intact exactly when the received sum folds to 0xffff,
      // i.e. when internetChecksum over the received header (checksum included) is 0.
      assert.equal(solution.intact, internetChecksum(bytesOf(problem.received)) === 0);
      assert.equal(solution.receivedSum, ~internetChecksum(bytesOf(problem.received)) & 0xffff);
    }
  }
});

Deno.test("checksum: the worked example header gives 0xb861", () => {
  // The classic example header 4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7:
  // the words sum to 0x2479c; 0x479c + 0x2 = 0x479e; ~0x479e = 0xb861.
  const words = [0x4500, 0x0073, 0x0000, 0x4000, 0x4011, 0x0000, 0xc0a8, 0x0001, 0xc0a8, 0x00c7];
  const received = [...words];
  received[5] = 0xb861;
  const deferred = checksum.solve({ words, received, style: "deferred" });
  assert.deepEqual([deferred.wideSum, deferred.sum, deferred.checksum], [0x2479c, 0x479e, 0xb861]);
  assert.equal(deferred.intact, true);
  const running = checksum.solve({ words, received, style: "running" });
  assert.equal(running.checksum, 0xb861);
  // 0x8573 + 0x4011 = 0xc584; + 0xc0a8 = 0x1862c → 0x862d (carry folded).
  assert.deepEqual(running.steps.slice(4, 7).map((s) => [s.sum, s.carry]), [
    [0xc584, false],
    [0xc584, false],
    [0x862d, true],
  ]);
  assert.match(
    checksum.render({ words, received, style: "running" }, running),
    /checksum = ~sum & 0xffff = ~0x479e = 0xb861/,
  );
});

Deno.test("checksum: damage 0 and damage 1 give intact and damaged headers", () => {
  for (let seed = 0; seed < 30; seed++) {
    assert.equal(
      checksum.solve(checksum.generate(seed, { style: "running", damage: 0 })).intact,
      true,
    );
    assert.equal(
      checksum.solve(checksum.generate(seed, { style: "running", damage: 1 })).intact,
      false,
    );
  }
});

Deno.test("checksum: the problem text hides the checksum", () => {
  const problem = checksum.generate(7, { style: "running", damage: 0 });
  const solution = checksum.solve(problem);
  const hex = solution.checksum.toString(16).padStart(4, "0");
  const question = checksum.render(problem);
  assert.doesNotMatch(question.split("3. A router")[0], new RegExp(hex)); // parts 1–2 hide it
  assert.match(checksum.render(problem, solution), new RegExp(`= 0x${hex}\\n`));
});
