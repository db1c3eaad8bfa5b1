import assert from "node:assert/strict";
import { formatCniResult } from "./result.ts";

Deno.test("formatCniResult()", async (t) => {
  const result = { cniVersion: "1.1.0", ips: [{ address: "10.0.0.2/24" }], dns: {} };
  await t.step("0.4.0 adds version 4 to each IP (libcni pkg/types/040)", () => {
    assert.deepEqual(formatCniResult(result, "0.4.0").ips, [{
      version: "4",
      address: "10.0.0.2/24",
    }]);
  });
  await t.step("a version that is not x.y.z is a RangeError naming it", () => {
    assert.throws(() => formatCniResult(result, "1.0"), {
      name: "RangeError",
      message: /cniVersion must be a version like "1\.1\.0" \(got "1\.0"\)/,
    });
    assert.throws(() => formatCniResult(undefined as never, "1.0.0"), /result must be a CniResult/);
  });
});
