import assert from "node:assert/strict";
import {
  formatIdMap,
  mapIdIn,
  mapIdOut,
  MAX_ID_MAP_LINES,
  parseIdMap,
  validateIdMap,
} from "./id_map.ts";
import { runTool } from "./_oracle.ts";

Deno.test("oracle: formatIdMap() prints exactly what the kernel prints in uid_map", async () => {
  const text = await runTool("unshare", ["--user", "--map-root-user", "cat", "/proc/self/uid_map"]);
  if (text === null) return;
  assert.equal(text, formatIdMap([{ inside: 0, outside: 0, count: 1 }]));
  assert.deepEqual(parseIdMap(text), [{ inside: 0, outside: 0, count: 1 }]);
  const user = await runTool("unshare", ["--user", "--map-user=1000", "cat", "/proc/self/uid_map"]);
  if (user === null) return;
  assert.equal(user, formatIdMap([{ inside: 1000, outside: 0, count: 1 }]));
});

Deno.test("oracle: the initial namespace's map parses and round-trips", async () => {
  const text = await runTool("cat", ["/proc/self/uid_map"]);
  if (text === null) return;
  assert.equal(formatIdMap(parseIdMap(text)), text);
});

Deno.test("parseIdMap() accepts tabs and a missing final newline; rejects bad lines", () => {
  assert.deepEqual(parseIdMap("0\t100000\t65536"), [{ inside: 0, outside: 100000, count: 65536 }]);
  assert.throws(() => parseIdMap("0 x 1"), /field "x" is not an unsigned decimal/);
  assert.throws(() => parseIdMap("0 -1 1"), SyntaxError);
  assert.throws(() => parseIdMap("0 1 2 3"), /has 4 fields/);
});

Deno.test("validateIdMap() enforces the man 7 user_namespaces rules", async (t) => {
  await t.step("count 0 is refused", () => {
    assert.throws(() => validateIdMap([{ inside: 0, outside: 0, count: 0 }]), /count 0/);
  });
  await t.step("a range may not wrap past 2^32", () => {
    assert.throws(
      () => validateIdMap([{ inside: 4294967290, outside: 0, count: 6 }]),
      /wraps past 4294967295/,
    );
    validateIdMap([{ inside: 0, outside: 0, count: 4294967295 }]); // the initial map itself
  });
  await t.step("outside ranges may not overlap either", () => {
    assert.throws(
      () =>
        validateIdMap([{ inside: 0, outside: 1000, count: 10 }, {
          inside: 100,
          outside: 1009,
          count: 1,
        }]),
      /line 2 overlaps line 1 outside/,
    );
    // adjacent, not overlapping
    validateIdMap([{ inside: 0, outside: 1000, count: 10 }, {
      inside: 10,
      outside: 1010,
      count: 1,
    }]);
  });
  await t.step("at most 340 lines", () => {
    const lines = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ inside: i, outside: 1000 + i, count: 1 }));
    validateIdMap(lines(MAX_ID_MAP_LINES));
    assert.throws(() => validateIdMap(lines(341)), /341 lines, more than the kernel's 340/);
  });
});

Deno.test("mapIdOut()/mapIdIn() are inverse on mapped IDs and give 65534 elsewhere", () => {
  const map = parseIdMap("0 1000 1\n1 100000 65536\n");
  for (const id of [0, 1, 500, 65536]) assert.equal(mapIdIn(map, mapIdOut(map, id)), id);
  // hand-computed: 1 ↦ 100000 + (1 − 1) = 100000; 65536 ↦ 100000 + 65535 = 165535
  assert.equal(mapIdOut(map, 1), 100000);
  assert.equal(mapIdOut(map, 65536), 165535);
  assert.equal(mapIdOut(map, 65537), 65534);
  assert.equal(mapIdIn(map, 999), 65534);
});

Deno.test("parseIdMap(): a negative field says how to write the line", () => {
  assert.throws(
    () => parseIdMap("0 -100000 65536"),
    /"-100000" is not an unsigned decimal number; write three numbers/,
  );
});
