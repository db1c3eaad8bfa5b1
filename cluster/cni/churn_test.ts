import assert from "node:assert/strict";
import { simulatePodChurn } from "./churn.ts";

const list = (range: Record<string, unknown>) => ({
  cniVersion: "1.1.0",
  name: "pods",
  plugins: [{ type: "bridge", ipam: { type: "host-local", ranges: [[range]] } }],
});

Deno.test("simulatePodChurn()", async (t) => {
  await t.step("a /29 fills after 5 pods and further ADDs fail with code 999", () => {
    // /29: .0–.7; .0 network, .7 broadcast, .1 gateway → .2–.6, 5 addresses
    const rows = simulatePodChurn(list({ subnet: "10.22.0.0/29" }), 1, {
      steps: 7,
      addProbability: 1,
    });
    assert.deepEqual(rows.map((r) => r.address.split("/")[0].split(".")[3] ?? ""), [
      "2",
      "3",
      "4",
      "5",
      "6",
      "",
      "",
    ]);
    assert.deepEqual(rows.map((r) => r.code), [0, 0, 0, 0, 0, 999, 999]);
  });

  await t.step("a bad CIDR stops the simulation instead of charting it as exhaustion", () => {
    assert.throws(() => simulatePodChurn(list({ subnet: "10.0.0.0/33" }), 1, { steps: 5 }), {
      name: "RangeError",
      message:
        /ADD of p1 failed with code 999: invalid CIDR address: 10\.0\.0\.0\/33 \(subnet must be an IPv4 network with a prefix length 0–32/,
    });
  });
});
