import assert from "node:assert/strict";
import {
  formatCpuMax,
  formatFlatKeyed,
  formatLimit,
  parseCpuMax,
  parseCpuWeight,
  parseFlatKeyed,
  parseMemoryValue,
  parsePidsMax,
  parseSubtreeControl,
} from "./interface_files.ts";

Deno.test("cpu.max: both forms, round trip, the kernel's bounds", () => {
  assert.equal(formatCpuMax(parseCpuMax("max 100000")), "max 100000\n");
  assert.equal(formatCpuMax(parseCpuMax("25000 50000\n")), "25000 50000\n");
  assert.deepEqual(parseCpuMax("max", 20000), { quotaUs: null, periodUs: 20000 });
  assert.throws(() => parseCpuMax("50000 999"), /period 999 µs is outside 1000…1000000/);
  assert.throws(() => parseCpuMax("50000 2000000"), RangeError);
  assert.throws(() => parseCpuMax("half 100000"), SyntaxError);
  assert.throws(() => parseCpuMax("1 2 3"), /expected "\$MAX \$PERIOD"/);
});

Deno.test("cpu.weight: 1…10000", () => {
  assert.equal(parseCpuWeight("1"), 1);
  assert.equal(parseCpuWeight("10000"), 10000);
  assert.throws(() => parseCpuWeight("10001"), RangeError);
  assert.throws(() => parseCpuWeight("1.5"), SyntaxError);
});

Deno.test("memory and pids limits: max, bytes, memparse suffixes", () => {
  assert.equal(parseMemoryValue("1k"), 1024);
  assert.equal(parseMemoryValue("2G"), 2 * 2 ** 30);
  assert.equal(formatLimit(parseMemoryValue("max")), "max\n");
  assert.throws(() => parseMemoryValue("1.5G", "memory.high"), /Cannot parse memory.high "1.5G"/);
  assert.equal(parsePidsMax("max"), null);
});

Deno.test("oracle: the host's cpu.stat parses and formats back byte for byte", async () => {
  const mounts = await Deno.readTextFile("/proc/mounts").catch(() => "");
  const line = mounts.split("\n").find((l) => l.split(" ")[2] === "cgroup2");
  if (!line) return;
  const text = await Deno.readTextFile(`${line.split(" ")[1]}/cpu.stat`).catch(() => null);
  if (text === null) return;
  const stat = parseFlatKeyed(text);
  assert.ok("usage_usec" in stat && "user_usec" in stat && "system_usec" in stat);
  assert.equal(formatFlatKeyed(stat), text);
});

Deno.test("subtree_control tokens: + and -, whitespace, bad tokens", () => {
  assert.deepEqual(parseSubtreeControl("  +cpu\t+memory  "), [
    { enable: true, controller: "cpu" },
    { enable: true, controller: "memory" },
  ]);
  assert.deepEqual(parseSubtreeControl(""), []);
  assert.throws(() => parseSubtreeControl("+cpu memory"), /token "memory" \(EINVAL\)/);
});

Deno.test("parse errors of learner slips say the fix", async (t) => {
  await t.step('cpu.max "50ms" says the file takes microseconds: 50000', () => {
    assert.throws(
      () => parseCpuMax("50ms 100000"),
      /takes microseconds without a unit: 50ms is 50000/,
    );
    assert.throws(() => parseCpuMax("0.5s"), /0.5s is 500000/);
  });
  await t.step('cpu.max "100000 50000" (quota above period) is valid: 2 CPUs per period', () => {
    assert.deepEqual(parseCpuMax("100000 50000"), { quotaUs: 100000, periodUs: 50000 });
  });
  await t.step("cpu.weight out of range says which range to write", () => {
    assert.throws(
      () => parseCpuWeight("20000"),
      /cpu.weight 20000: outside 1…10000 \(ERANGE\); write a weight from 1 to 10000/,
    );
  });
  await t.step('cpu.weight "1.5" asks for a whole number, not "max"', () => {
    assert.throws(
      () => parseCpuWeight("1.5"),
      (e: Error) => /whole number 1…10000/.test(e.message) && !/"max"/.test(e.message),
    );
  });
});
