import assert from "node:assert/strict";
import { emitEthernet, EtherType, MAC_BROADCAST } from "../wire/ethernet.ts";
import { type FrameDirection, Interface, newFrameMeta } from "./interface.ts";

const frameTo = (destination: string, etherType: number = EtherType.Ipv4) =>
  emitEthernet({
    destination,
    source: "02:00:00:00:00:09",
    etherType,
    payload: new Uint8Array(46),
  });

Deno.test("receive() accepts its own MAC and broadcast, drops other destinations", () => {
  const nic = new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01" });
  const seen: string[] = [];
  nic.onEtherType(EtherType.Ipv4, (frame) => seen.push(frame.destination));
  nic.receive(frameTo("02:00:00:00:00:01"), newFrameMeta(0, 0));
  nic.receive(frameTo(MAC_BROADCAST), newFrameMeta(0, 0));
  nic.receive(frameTo("02:00:00:00:00:02"), newFrameMeta(0, 0));
  assert.deepEqual(seen, ["02:00:00:00:00:01", MAC_BROADCAST]);
  assert.equal(nic.counters.rxFrames, 3);
  assert.equal(nic.counters.rxDropped, 1);
});

Deno.test("a promiscuous interface accepts every destination", () => {
  const port = new Interface({
    name: "port0",
    node: "sw",
    mac: "02:00:00:00:0f:00",
    promiscuous: true,
  });
  let count = 0;
  port.onAnyFrame(() => count++);
  port.receive(frameTo("02:00:00:00:00:02"), newFrameMeta(0, 0));
  assert.equal(count, 1);
});

Deno.test("receive() dispatches by EtherType and drops unknown EtherTypes and runt frames", () => {
  const nic = new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01" });
  const seen: number[] = [];
  nic.onEtherType(EtherType.Arp, (frame) => seen.push(frame.etherType));
  nic.onEtherType(EtherType.Ipv4, (frame) => seen.push(frame.etherType));
  nic.receive(frameTo(nic.mac, EtherType.Arp), newFrameMeta(0, 0));
  nic.receive(frameTo(nic.mac, EtherType.Ipv4), newFrameMeta(0, 0));
  nic.receive(frameTo(nic.mac, 0x86dd), newFrameMeta(0, 0)); // IPv6: no handler
  nic.receive(new Uint8Array(10), newFrameMeta(0, 0)); // shorter than a header
  assert.deepEqual(seen, [EtherType.Arp, EtherType.Ipv4]);
  assert.equal(nic.counters.rxDropped, 2);
});

Deno.test("taps see frames in both directions, before filtering", () => {
  const nic = new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00:01" });
  nic.attach({ name: "wire", transmit: () => {} });
  const seen: FrameDirection[] = [];
  nic.tap((_frame, direction) => seen.push(direction));
  nic.receive(frameTo("02:00:00:00:00:77"), newFrameMeta(0, 0));
  nic.sendFrame({
    destination: MAC_BROADCAST,
    etherType: EtherType.Arp,
    payload: new Uint8Array(28),
  }, newFrameMeta(0, 0));
  assert.deepEqual(seen, ["in", "out"]);
  assert.equal(nic.counters.txFrames, 1);
});

Deno.test("an address needs a prefix length and the network is derived from it", () => {
  const nic = new Interface({
    name: "eth0",
    node: "a",
    mac: "02:00:00:00:00:01",
    address: "192.168.7.130/25",
  });
  assert.equal(nic.network, "192.168.7.128/25");
  assert.throws(
    () =>
      new Interface({
        name: "eth0",
        node: "a",
        mac: "02:00:00:00:00:01",
        address: "192.168.7.130",
      }),
    /option address .*got "192\.168\.7\.130".*"10\.0\.1\.10\/24"/,
  );
  assert.throws(
    () => new Interface({ name: "eth0", node: "a", mac: "02:00:00:00:00" }),
    SyntaxError,
  );
  assert.throws(() => new Interface({ name: "", node: "a", mac: "02:00:00:00:00:01" }), TypeError);
});
