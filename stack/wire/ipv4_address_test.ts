import assert from "node:assert/strict";
import {
  formatIpv4Address,
  formatIpv4Cidr,
  ipv4CidrContains,
  ipv4PrefixMask,
  parseIpv4Address,
  parseIpv4Cidr,
} from "./ipv4_address.ts";
import { Random } from "./_testing.ts";

Deno.test("IPv4 addresses", async (t) => {
  await t.step("parse and format are inverse on 10^4 random addresses", () => {
    const random = new Random(4632);
    for (let n = 0; n < 10_000; n++) {
      const value = random.u32();
      assert.equal(parseIpv4Address(formatIpv4Address(value)), value);
    }
    assert.equal(parseIpv4Address("255.255.255.255"), 0xffffffff);
    assert.equal(formatIpv4Address(0), "0.0.0.0");
  });

  await t.step("reject malformed text with a SyntaxError that says why", () => {
    const cases: [string, RegExp][] = [
      ["10.0.0", /3 parts, not 4/],
      ["10.0.0.0.1", /5 parts/],
      ["10.0.0.256", /part 4 is 256/],
      ["10.0..1", /part 3 is empty/],
      ["010.0.0.1", /leading zero/],
      ["10.0.0.1 ", /character " "/],
      ["1000.0.0.1", /more than 3 digits/],
      ["", /part 1 is empty/],
    ];
    for (const [text, message] of cases) assert.throws(() => parseIpv4Address(text), message, text);
    assert.throws(() => parseIpv4Address("a.b.c.d"), SyntaxError);
  });
});

Deno.test("IPv4 prefixes", async (t) => {
  await t.step("parse and format CIDR text", () => {
    assert.deepEqual(parseIpv4Cidr("192.168.1.0/24"), { address: "192.168.1.0", prefixLength: 24 });
    assert.equal(formatIpv4Cidr(parseIpv4Cidr("10.0.0.1/32")), "10.0.0.1/32");
    for (const bad of ["10.0.0.0", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/08", "10.0.0/8"]) {
      assert.throws(() => parseIpv4Cidr(bad), SyntaxError, bad);
    }
  });

  await t.step("masks have prefixLength leading ones", () => {
    for (let length = 0; length <= 32; length++) {
      const mask = ipv4PrefixMask(length);
      assert.equal(mask.toString(2).replace(/0+$/, "").length, length === 0 ? 0 : length);
      assert.equal(mask.toString(2).padStart(32, "0").indexOf("01"), -1);
    }
    assert.throws(() => ipv4PrefixMask(33), RangeError);
  });

  await t.step("contains() compares the network bits only", () => {
    assert.ok(ipv4CidrContains("10.0.0.0/24", "10.0.0.255"));
    assert.ok(!ipv4CidrContains("10.0.0.0/24", "10.0.1.0"));
    assert.ok(ipv4CidrContains("10.0.0.77/24", "10.0.0.1")); // host bits in the prefix are ignored
    assert.ok(ipv4CidrContains("0.0.0.0/0", "255.255.255.255"));
    assert.ok(ipv4CidrContains("192.0.2.1/32", "192.0.2.1"));
    assert.ok(!ipv4CidrContains("192.0.2.1/32", "192.0.2.2"));
    assert.ok(ipv4CidrContains("128.0.0.0/1", "200.0.0.1"));
    assert.ok(!ipv4CidrContains("128.0.0.0/1", "127.255.255.255"));
  });
});
