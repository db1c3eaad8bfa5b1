import assert from "node:assert/strict";
import { parseRoutePrefix, RouteTable } from "./route_table.ts";

Deno.test("lookup() picks the longest matching prefix, and the default route only as a last resort", () => {
  const table = new RouteTable();
  table.add("0.0.0.0/0", { via: "10.0.0.1", interface: "eth0" });
  table.add("10.0.0.0/8", { via: "10.0.0.2", interface: "eth0" });
  table.add("10.1.0.0/16", { via: "10.0.0.3", interface: "eth0" });
  table.add("10.1.2.0/24", { interface: "eth1", kind: "connected" });
  table.add("10.1.2.128/25", { via: "10.0.0.4", interface: "eth0" });
  const hop = (ip: string) => table.lookup(ip)?.nextHop;
  assert.equal(hop("10.1.2.200"), "10.0.0.4"); // /25 beats /24
  assert.equal(hop("10.1.2.7"), "10.1.2.7"); // connected /24: the destination itself
  assert.equal(hop("10.1.9.9"), "10.0.0.3"); // /16
  assert.equal(hop("10.9.9.9"), "10.0.0.2"); // /8
  assert.equal(hop("192.0.2.1"), "10.0.0.1"); // default
  assert.equal(table.lookup("10.1.2.7")?.interface, "eth1");
});

Deno.test("lookup() returns undefined without a default route", () => {
  const table = new RouteTable();
  table.add("10.0.0.0/24", { interface: "eth0" });
  assert.equal(table.lookup("10.0.1.1"), undefined);
});

Deno.test("a /32 host route matches exactly one address", () => {
  const table = new RouteTable();
  table.add("10.0.0.0/24", { interface: "eth0" });
  table.add("10.0.0.7/32", { via: "10.0.0.1", interface: "eth0" });
  assert.equal(table.lookup("10.0.0.7")?.nextHop, "10.0.0.1");
  assert.equal(table.lookup("10.0.0.8")?.nextHop, "10.0.0.8");
});

Deno.test("equal prefixes: the lower metric wins, then the older route", () => {
  const table = new RouteTable();
  table.add("0.0.0.0/0", { via: "10.0.0.9", interface: "eth0", metric: 100 });
  table.add("0.0.0.0/0", { via: "10.0.0.1", interface: "eth0", metric: 10 });
  assert.equal(table.lookup("8.8.8.8")?.nextHop, "10.0.0.1");
  assert.equal(table.remove("0.0.0.0/0"), 2);
});

Deno.test("add() rejects host bits behind the mask and suggests the network address", () => {
  const table = new RouteTable();
  assert.throws(
    () => table.add("10.0.1.5/24", { interface: "eth0" }),
    (error: Error) =>
      error instanceof RangeError && /host bits are set/.test(error.message) &&
      /did you mean 10\.0\.1\.0\/24\?/.test(error.message),
  );
});

Deno.test("add() rejects unparseable prefixes with a SyntaxError showing the expected form", () => {
  for (const bad of ["10.0.1.0", "10.0.1.0/33", "10.0.1/24", "ten/8", "10.0.0.256/24"]) {
    assert.throws(() => parseRoutePrefix(bad), SyntaxError, bad);
  }
  assert.throws(() => parseRoutePrefix("10.0.1.0/33"), /like "10\.0\.2\.0\/24"/);
});

Deno.test("add() names a bad option with its value", () => {
  const table = new RouteTable();
  assert.throws(
    () => table.add("10.0.0.0/8", { interface: "eth0", metric: -1 }),
    /option metric must be ≥ 0 \(got -1\)/,
  );
  assert.throws(
    () => table.add("10.0.0.0/8", { interface: "eth0", via: "10.0.0" }),
    /option via/,
  );
  assert.throws(() => table.add("10.0.0.0/8", { interface: "" }), /option interface/);
});

Deno.test("add() refuses an exact duplicate", () => {
  const table = new RouteTable();
  table.add("10.0.0.0/8", { interface: "eth0" });
  assert.throws(() => table.add("10.0.0.0/8", { interface: "eth1" }), /already exists/);
});
