import assert from "node:assert/strict";
import { parseArp } from "./arp.ts";
import { dissect, type Dissection, formatDissection } from "./dissect.ts";
import { isWireError } from "./errors.ts";
import { emitEthernet, EtherType, parseEthernet } from "./ethernet.ts";
import { parseHttp } from "./http.ts";
import { parseIcmp } from "./icmp.ts";
import { emitIpv4, parseIpv4 } from "./ipv4.ts";
import { parsePcap } from "./pcap.ts";
import { parseTcp, parseTcpOptions } from "./tcp.ts";
import { parseUdp } from "./udp.ts";
import { fromHex, Random } from "./_testing.ts";

// Frames made with scapy 2.5.0 once (see the per-header tests for the commands); the
// IPv4-only packets are wrapped in Ethernet(src=02:..:01, dst=02:..:02) here.
const HEX = {
  arpRequest:
    "ffffffffffff020000000001080600010800060400010200000000010a0000010000000000000a000002",
  echo: "02000000000202000000000108004500002c123440004001149b0a0000010a000002080036f500420001" +
    "737461636b6c61622d70696e67212121",
  udp: "02000000000202000000000108004500002600070000401166be0a0000010a00000214e9003500120dc6" +
    "68656c6c6f2c20756470",
  syn: "02000000000202000000000108004500003c00014000400625b90a0000010a000102a8ca0050000003e8" +
    "00000000a002ffff55c20000020405b40402080a000030390000000001030307",
  routerAlert:
    "02000000000202000000000108004600002000090000011110be0a0000010a00000294040000000100020008ebd8",
  request: "4500006a000240004006258a0a0000010a000102a8ca0050000003e900001389501801f6b0a50000" +
    "474554202f696e6465782e68746d6c20485454502f312e310d0a486f73743a2031302e302e312e320d0a" +
    "557365722d4167656e743a20737461636b6c61620d0a0d0a",
  response: "45000076000340004006257d0a0001020a0000010050a8ca000013890000042c501801fd0cd60000" +
    "485454502f312e3120323030204f4b0d0a436f6e74656e742d547970653a20746578742f706c61696e0d0a" +
    "436f6e74656e742d4c656e6774683a2031330d0a0d0a68656c6c6f2c20776f726c640a",
  timeExceeded:
    "4500003800050000400165c20a0000fe0a0000010b002a500000000045000026004d00000111a3710a000001" +
    "0a000209829a829b0012c567",
};
const wrap = (packet: Uint8Array) =>
  emitEthernet({
    destination: "02:00:00:00:00:02",
    source: "02:00:00:00:00:01",
    etherType: EtherType.Ipv4,
    payload: packet,
  });
const FRAMES = {
  arpRequest: fromHex(HEX.arpRequest),
  echo: fromHex(HEX.echo),
  udp: fromHex(HEX.udp),
  syn: fromHex(HEX.syn),
  routerAlert: fromHex(HEX.routerAlert),
  request: wrap(fromHex(HEX.request)),
  response: wrap(fromHex(HEX.response)),
  timeExceeded: wrap(fromHex(HEX.timeExceeded)),
};

const layersOf = (d: Dissection) => d.layers.map((l) => l.layer);

Deno.test("dissect()", async (t) => {
  await t.step("walks every real frame to its innermost layer without errors", () => {
    const expected: Record<keyof typeof FRAMES, [string[], string]> = {
      arpRequest: [["Ethernet", "ARP"], "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28"],
      echo: [
        ["Ethernet", "IPv4", "ICMP"],
        "IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 66, seq 1, length 24",
      ],
      udp: [["Ethernet", "IPv4", "UDP", "Data"], "IP 10.0.0.1.5353 > 10.0.0.2.53: UDP, length 10"],
      syn: [
        ["Ethernet", "IPv4", "TCP"],
        "IP 10.0.0.1.43210 > 10.0.1.2.80: Flags [S], seq 1000, win 65535, " +
        "options [mss 1460,sackOK,TS val 12345 ecr 0,nop,wscale 7], length 0",
      ],
      routerAlert: [["Ethernet", "IPv4", "UDP"], "IP 10.0.0.1.1 > 10.0.0.2.2: UDP, length 0"],
      request: [
        ["Ethernet", "IPv4", "TCP", "HTTP"],
        "IP 10.0.0.1.43210 > 10.0.1.2.80: Flags [P.], seq 1001:1067, " +
        "ack 5001, win 502, length 66: HTTP: GET /index.html HTTP/1.1",
      ],
      response: [
        ["Ethernet", "IPv4", "TCP", "HTTP"],
        "IP 10.0.1.2.80 > 10.0.0.1.43210: Flags [P.], seq 5001:5079, " +
        "ack 1068, win 509, length 78: HTTP: HTTP/1.1 200 OK",
      ],
      timeExceeded: [
        ["Ethernet", "IPv4", "ICMP"],
        "IP 10.0.0.254 > 10.0.0.1: ICMP time exceeded in-transit, length 36",
      ],
    };
    for (const [name, frame] of Object.entries(FRAMES)) {
      const d = dissect(frame);
      const [layers, summary] = expected[name as keyof typeof FRAMES];
      assert.deepEqual(layersOf(d), layers, name);
      assert.equal(d.summary, summary, name);
      assert.deepEqual(d.errors, [], name);
    }
  });

  await t.step("gives absolute byte ranges that cover every byte of a well-formed frame", () => {
    for (const [name, frame] of Object.entries(FRAMES)) {
      const covered = new Uint8Array(frame.length);
      for (const row of dissect(frame).rows) {
        assert.ok(
          0 <= row.start && row.start < row.end && row.end <= frame.length,
          `${name} ${row.field}`,
        );
        covered.fill(1, row.start, row.end);
      }
      assert.equal(covered.indexOf(0), -1, `${name}: byte ${covered.indexOf(0)} is in no row`);
    }
  });

  await t.step("places fields where the RFC diagrams put them", () => {
    const rows = dissect(FRAMES.syn).rows;
    const at = (layer: string, field: string) => {
      const row = rows.find((r) => r.layer === layer && r.field === field)!;
      return [row.value, row.start, row.end];
    };
    assert.deepEqual(at("Ethernet", "etherType"), ["IPv4 (0x0800)", 12, 14]);
    assert.deepEqual(at("IPv4", "source"), ["10.0.0.1", 26, 30]);
    assert.deepEqual(at("TCP", "sequenceNumber"), [1000, 38, 42]);
    assert.deepEqual(at("TCP", "flags.syn"), [true, 47, 48]);
    assert.deepEqual(at("TCP", "options.windowScale"), ["wscale 7", 71, 74]);
  });

  await t.step("marks Ethernet padding", () => {
    const padded = emitEthernet(parseEthernet(FRAMES.arpRequest));
    const padding = dissect(padded).rows.find((r) => r.field === "padding")!;
    assert.deepEqual([padding.layer, padding.start, padding.end], ["Ethernet", 42, 60]);
  });

  await t.step("reports bad checksums as error rows and keeps going", () => {
    const frame = FRAMES.syn.slice();
    frame[22] = 1; // IPv4 TTL: breaks the IPv4 checksum only
    let d = dissect(frame);
    assert.deepEqual(layersOf(d), ["Ethernet", "IPv4", "TCP"]);
    assert.deepEqual(d.errors.map((e) => [e.layer, e.field, e.start]), [["IPv4", "checksum", 24]]);
    frame[22] = 64;
    frame[49] ^= 1; // TCP window
    d = dissect(frame);
    assert.deepEqual(d.errors.map((e) => [e.layer, e.field, e.start]), [["TCP", "checksum", 50]]);
    assert.match(
      String(d.errors[0].value),
      /^Cannot parse TCP segment: checksum 0x55c2 should be 0x/,
    );
  });

  await t.step("checks an FCS when asked", () => {
    const frame = emitEthernet(parseEthernet(FRAMES.echo), { fcs: true });
    assert.deepEqual(dissect(frame, { fcs: true }).errors, []);
    assert.equal(dissect(frame, { fcs: true }).rows.find((r) => r.field === "fcs")?.start, 60);
    frame[40] ^= 0x80;
    assert.deepEqual(dissect(frame, { fcs: true }).errors.map((e) => e.field), ["fcs", "checksum"]);
  });

  await t.step("records a malformed layer as an error row at its byte", () => {
    const frame = FRAMES.syn.slice();
    frame[70] = 2; // the NOP before wscale becomes an MSS that runs past the header
    const d = dissect(frame);
    assert.deepEqual(d.errors.map((e) => [e.layer, e.field, e.start]), [[
      "TCP",
      "options.mss",
      70,
    ]]);
    assert.deepEqual(layersOf(d), ["Ethernet", "IPv4", "TCP"]);
    assert.match(formatDissection(d), /! Cannot parse TCP segment: option mss/);
    assert.deepEqual(dissect(new Uint8Array(5)).errors.map((e) => [e.layer, e.field]), [[
      "Ethernet",
      "header",
    ]]);
  });

  await t.step("leaves fragments and unknown protocols as data", () => {
    const fragment = wrap(emitIpv4({ ...parseIpv4(fromHex(HEX.request)), moreFragments: true }));
    assert.deepEqual(layersOf(dissect(fragment)), ["Ethernet", "IPv4", "Data"]);
    const lldp = emitEthernet({ ...parseEthernet(FRAMES.arpRequest), etherType: 0x88cc });
    assert.deepEqual(layersOf(dissect(lldp)), ["Ethernet", "Data"]);
  });
});

// The fuzz test: random and mutated frames through dissect() and every parser. Anything
// thrown other than the wire layer's typed errors fails the test; so would a hang.
Deno.test("10^5 random and mutated frames raise only typed wire errors", () => {
  const random = new Random(0x5eed);
  const seeds = Object.values(FRAMES);
  const endpoints = { source: "10.0.0.1", destination: "10.0.0.2" };
  const expectTyped = (what: string, fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      if (!isWireError(error)) throw new Error(`${what} threw ${error}`, { cause: error });
    }
  };
  let checked = 0;
  for (let n = 0; n < 100_000; n++) {
    let frame: Uint8Array;
    if (n % 4 === 0) {
      frame = random.bytes(random.int(200));
      if (frame.length > 14 && random.chance()) {
        frame[12] = 0x08;
        frame[13] = random.pick([0x00, 0x06]);
        if (frame[13] === 0 && frame.length > 15) frame[14] = 0x45;
      }
    } else {
      frame = random.pick(seeds).slice();
      for (let k = 1 + random.int(4); k > 0; k--) frame[random.int(frame.length)] = random.int(256);
      if (random.chance(0.3)) frame = frame.subarray(0, random.int(frame.length + 1));
      if (random.chance(0.1)) frame = Uint8Array.from([...frame, ...random.bytes(random.int(30))]);
    }
    const d = dissect(frame, { fcs: n % 10 === 0 });
    assert.ok(d.rows.every((r) => 0 <= r.start && r.start <= r.end && r.end <= frame.length));
    // Besides dissect(), hand the frame (or the slice where a layer would start) to one
    // parser directly, in turn, so each parser also sees bytes dissect() would not give it.
    const inner = frame.subarray(14);
    const ip = frame.subarray(34);
    const parsers: [string, () => unknown][] = [
      ["parseEthernet", () => parseEthernet(frame, { fcs: n % 2 === 0 })],
      ["parseArp", () => parseArp(inner)],
      ["parseIpv4", () => parseIpv4(inner)],
      ["parseIcmp", () => parseIcmp(ip)],
      ["parseUdp", () => parseUdp(ip, endpoints)],
      ["parseTcp", () => parseTcp(ip, endpoints)],
      ["parseTcpOptions", () => parseTcpOptions(frame.subarray(54, 54 + random.int(41)))],
      ["parseHttp", () => parseHttp(frame.subarray(random.int(frame.length + 1)))],
      ["parsePcap", () => parsePcap(frame)],
    ];
    const [name, parse] = parsers[n % parsers.length];
    expectTyped(name, parse);
    checked++;
  }
  // A hang would never get here; its time is not asserted (benchmarks measure speed).
  assert.equal(checked, 100_000);
});
