import assert from "node:assert/strict";
import { ipv4Address, ipv4Prefix, parseAddressAnswer, parsePrefixAnswer } from "./forms.ts";

Deno.test("ipv4Prefix() accepts the same prefix in every supported form", () => {
  const prefix = ipv4Prefix("10.0.0.0/8");
  const forms = [
    "10.0.0.0/8",
    " 10.0.0.0 / 8 ",
    "10.0.0.0 255.0.0.0",
    { address: "10.0.0.0", prefixLength: 8 },
    { address: "10.0.0.0", prefix: 8 },
    { network: "10.0.0.0", prefixLength: 8 },
    { address: [10, 0, 0, 0], netmask: "255.0.0.0" },
  ];
  for (const form of forms) assert.equal(prefix.compare(form).pass, true, JSON.stringify(form));
});

Deno.test("ipv4Prefix() names what is wrong: length, network bits, host bits", () => {
  const prefix = ipv4Prefix({ address: "192.168.4.0", prefixLength: 22 });
  assert.equal(prefix.compare("192.168.4.0/24").problem, "the prefix length /24 is not right");
  assert.equal(
    prefix.compare("192.168.8.0/22").problem,
    "the prefix length is right but the network bits are not",
  );
  assert.match(prefix.compare("192.168.5.1/22").problem ?? "", /^right network, but host bits/);
  assert.match(prefix.compare("192.168.4/22").problem ?? "", /cannot read/);
  assert.match(prefix.compare("192.168.4.0 255.0.255.0").problem ?? "", /cannot read/); // not a mask
});

Deno.test("ipv4Prefix() messages never contain the expected prefix", () => {
  const prefix = ipv4Prefix("172.16.32.0/19");
  for (const answer of ["172.16.32.0/20", "172.16.0.0/19", "172.16.33.1/19", "nonsense"]) {
    const verdict = prefix.compare(answer);
    assert.doesNotMatch(JSON.stringify(verdict), /172\.16\.32\.0/);
  }
});

Deno.test("ipv4Address() accepts text, numbers and bytes, and points at wrong octets", () => {
  const address = ipv4Address("192.168.1.63");
  assert.equal(address.compare(0xc0a8013f).pass, true);
  assert.equal(address.compare(new Uint8Array([192, 168, 1, 63])).pass, true);
  assert.equal(address.compare("192.168.2.64").problem, "octets 3, 4 are not right");
  assert.match(address.compare("192.168.1.300").problem ?? "", /cannot read/);
});

Deno.test("parseAddressAnswer() and parsePrefixAnswer() reject out-of-range parts", () => {
  assert.equal(parseAddressAnswer([1, 2, 3]), undefined);
  assert.equal(parseAddressAnswer(2 ** 32), undefined);
  assert.equal(parsePrefixAnswer({ address: "10.0.0.0", prefixLength: 33 }), undefined);
  assert.equal(parsePrefixAnswer({ address: "10.0.0.0" }), undefined);
});
