import assert from "node:assert/strict";
import { approx } from "./compare.ts";
import { deepEqual } from "./deep_equal.ts";
import { ipv4Prefix } from "./forms.ts";
import { TODO } from "./placeholder.ts";

Deno.test("deepEqual() lists missing, unexpected and differing fields by path", () => {
  const check = deepEqual({ network: "10.0.0.0", broadcast: "10.0.0.255", hosts: 254 });
  const verdict = check.compare({ network: "10.0.0.0", hosts: 256, mask: 24 });
  assert.equal(verdict.pass, false);
  assert.deepEqual(verdict.details, [
    ".broadcast: missing field",
    ".hosts: your 256 is not right",
    ".mask: unexpected field (remove it)",
  ]);
  assert.doesNotMatch(JSON.stringify(verdict), /10\.0\.0\.255|254/);
});

Deno.test("deepEqual() walks arrays of records and reports lengths", () => {
  const check = deepEqual([{ hop: "r1" }, { hop: "r2" }, { hop: "isp" }]);
  assert.deepEqual(check.compare([{ hop: "r1" }, { hop: "r3" }]).details, [
    "answer: has 2 items; the correct answer has 3",
    '[1].hop: your "r3" is not right',
  ]);
  assert.match(check.compare("r1").details?.[0] ?? "", /expected an array, got a string/);
});

Deno.test("deepEqual() compares sets (and unordered arrays) by membership", () => {
  const check = deepEqual(new Set(["a", "b", "c"]));
  assert.equal(check.compare(new Set(["c", "b", "a"])).pass, true);
  assert.equal(check.compare(["b", "a", "c"]).pass, true);
  assert.deepEqual(check.compare(new Set(["a", "b", "x"])).details, [
    'answer: 1 item(s) should not be there: ["x"]',
    "answer: 1 item(s) of the correct answer are missing",
  ]);
  assert.equal(deepEqual([1, 2, 2], { ignoreOrder: true }).compare([2, 1, 2]).pass, true);
  assert.equal(deepEqual([1, 2, 2], { ignoreOrder: true }).compare([2, 1, 1]).pass, false);
});

Deno.test("deepEqual() uses comparators at leaves and tolerances for numbers", () => {
  const check = deepEqual({ route: ipv4Prefix("10.1.0.0/16"), delay: approx(12.5) });
  assert.equal(check.compare({ route: "10.1.0.0 255.255.0.0", delay: 12.55 }).pass, true);
  const tolerant = deepEqual({ rtt: [1.0, 2.0] }, { numbers: { relative: 0.05 } });
  assert.equal(tolerant.compare({ rtt: [1.04, 1.95] }).pass, true);
  assert.equal(tolerant.compare({ rtt: [1.1, 2.0] }).pass, false);
});

Deno.test("deepEqual() compares Maps, bytes, and reports nested placeholders", () => {
  const map = deepEqual(new Map([["eth0", "10.0.0.1"]]));
  assert.equal(map.compare(new Map([["eth0", "10.0.0.1"]])).pass, true);
  assert.equal(map.compare(new Map([["eth1", "10.0.0.1"]])).pass, false);
  assert.equal(deepEqual(new Uint8Array([1, 2])).compare([1, 2]).pass, true);
  assert.deepEqual(deepEqual({ a: 1 }).compare({ a: TODO }).details, [
    ".a: not answered yet (still TODO or undefined)",
  ]);
  assert.equal(deepEqual({ a: 1 }).compare(TODO).notAnswered, true);
});

Deno.test("deepEqual() caps the list of differences", () => {
  const verdict = deepEqual([1, 2, 3, 4, 5, 6, 7], { maxDetails: 2 }).compare([
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ]);
  assert.equal(verdict.problem, "7 parts differ");
  assert.deepEqual(verdict.details?.at(-1), "… and 5 more");
  assert.equal(verdict.details?.length, 3);
});
