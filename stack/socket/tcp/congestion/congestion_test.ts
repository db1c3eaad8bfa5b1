import assert from "node:assert/strict";
import { ms, seconds } from "@src/sim/mod.ts";
import { createCongestionControl, Cubic, cubicK, cubicWindow, initialWindow, Reno } from "./mod.ts";

const ack = (now = 0) => ({ now, srtt: ms(100), flight: 0 });

Deno.test("initialWindow() is RFC 6928's min(10·MSS, max(2·MSS, 14600))", () => {
  assert.equal(initialWindow(1460), 14600);
  assert.equal(initialWindow(1000), 10000);
  assert.equal(initialWindow(9000), 18000);
});

Deno.test("Reno doubles cwnd per round trip in slow start, then adds one MSS per round trip", () => {
  const reno = new Reno({ mss: 1000, initialWindow: 1000 });
  reno.ssthresh = 8000;
  // Round trips of 1, 2, 4 segments, one ACK per segment: 1 → 2 → 4 → 8 segments.
  for (const segments of [1, 2, 4]) {
    for (let i = 0; i < segments; i++) reno.onAck(1000, ack());
  }
  assert.equal(reno.cwnd, 8000);
  // Congestion avoidance: 8 ACKs of 1000 bytes = one cwnd → +1000 (RFC 5681 §3.1)
  for (let i = 0; i < 7; i++) reno.onAck(1000, ack());
  assert.equal(reno.cwnd, 8000);
  reno.onAck(1000, ack());
  assert.equal(reno.cwnd, 9000);
});

Deno.test("Reno sets ssthresh = max(FlightSize/2, 2·SMSS) and cwnd = 1 SMSS on timeout", () => {
  const reno = new Reno({ mss: 1000 });
  reno.onCongestion("duplicate-acks", { now: 0, flight: 9000 });
  assert.equal(reno.ssthresh, 4500);
  assert.equal(reno.cwnd, 10000); // unchanged: the endpoint runs fast recovery
  reno.onCongestion("duplicate-acks", { now: 0, flight: 3000 });
  assert.equal(reno.ssthresh, 2000); // the 2·SMSS floor
  reno.onCongestion("timeout", { now: 0, flight: 12000 });
  assert.deepEqual([reno.cwnd, reno.ssthresh], [1000, 6000]);
});

Deno.test("cubicWindow() matches W(t) = 0.4(t − K)³ + 100 computed by hand", () => {
  // W_max = 100, cwnd_epoch = 70 → K = ∛(30/0.4) = ∛75 = 4.2171633…
  const k = cubicK(100, 70);
  assert.ok(Math.abs(k - 4.2171633265) < 1e-9);
  // t = 1: 0.4·(1 − 4.2171633)³ + 100 = 0.4·(−33.2980904) + 100 = 86.6807638
  assert.ok(Math.abs(cubicWindow(1, { wMax: 100, k }) - 86.6807638) < 1e-6);
  // t = 2: 0.4·(−2.2171633)³ + 100 = 0.4·(−10.8991607) + 100 = 95.6403357
  assert.ok(Math.abs(cubicWindow(2, { wMax: 100, k }) - 95.6403357) < 1e-6);
  // t = 6: 0.4·(1.7828367)³ + 100 = 0.4·5.6667581 + 100 = 102.2667033 (convex region)
  assert.ok(Math.abs(cubicWindow(6, { wMax: 100, k }) - 102.2667033) < 1e-6);
});

Deno.test("Cubic's cwnd tracks the curve after a loss: W(t) ≤ cwnd ≤ W(t + RTT)", () => {
  const mss = 1000;
  const cubic = new Cubic({ mss, initialWindow: 100 * mss });
  cubic.ssthresh = 50 * mss; // in congestion avoidance
  cubic.onCongestion("duplicate-acks", { now: 0, flight: 100 * mss });
  assert.equal(cubic.wMax, 100);
  assert.equal(cubic.ssthresh, 70 * mss); // β_cubic = 0.7
  cubic.cwnd = cubic.ssthresh; // what the endpoint does when fast recovery ends
  // One ACK of one segment every millisecond, RTT 100 ms; the epoch starts at the first
  // ACK (t = 0 at 1 ms). RFC 9438 §4.4 aims cwnd at W(t + RTT) one RTT ahead, so cwnd
  // lies between the hand-computed W(t) and W(t + 0.1), less a lag of < 0.05 segment
  // where the curve flattens (each ACK closes only 1/cwnd of the gap):
  //   t = 1: 86.68 ≤ cwnd ≤ 87.87     t = 2: 95.64 ≤ cwnd ≤ 96.24
  //   t = 3: 99.28 ≤ cwnd ≤ 99.45
  // By t = 6 (past K = 4.217) the Reno-friendly W_est, +1 segment per RTT once it passed
  // cwnd_prior = 100, is ahead of W(6) = 102.27, so cwnd = W_est there (§4.3).
  const bounds = new Map([[1, [86.63, 87.89]], [2, [95.59, 96.21]], [3, [99.22, 99.45]]]);
  for (let step = 1; step <= 6001; step++) {
    cubic.onAck(mss, { now: ms(step), srtt: ms(100), flight: cubic.cwnd });
    if (step === 6001) {
      assert.ok(cubic.wEst > cubicWindow(6, { wMax: 100, k: cubicK(100, 70) }));
      assert.ok(Math.abs(cubic.cwnd / mss - cubic.wEst) < 0.01);
    }
    const bound = bounds.get((step - 1) / 1000);
    if (bound === undefined) continue;
    const got = cubic.cwnd / mss;
    assert.ok(got >= bound[0] && got <= bound[1], `t=${(step - 1) / 1000}: cwnd ${got}`);
  }
});

Deno.test("Cubic uses the Reno-friendly W_est when the curve is below it", () => {
  // Small W_max = 4: K = ∛(4·0.3/0.4) = ∛3 ≈ 1.44 s, so the curve stays under 4 segments
  // for a second while W_est gains α = 3·0.3/1.7 ≈ 0.53 segments per RTT (RFC 9438 §4.3)
  // until it reaches cwnd_prior = 4 (~2.3 RTTs), then α = 1: after 1 s (10 RTTs)
  // W_est ≈ 4 + 7.7 ≈ 11 > W_cubic(1) ≈ 3.97.
  const mss = 1000;
  const cubic = new Cubic({ mss, initialWindow: 4 * mss });
  cubic.ssthresh = 0;
  cubic.onCongestion("duplicate-acks", { now: 0, flight: 4 * mss });
  cubic.cwnd = cubic.ssthresh; // 2800
  let now = 0;
  while (now < seconds(1)) {
    // one round trip: as many ACKs as whole segments in cwnd, spread over 100 ms
    const acks = Math.floor(cubic.cwnd / mss);
    for (let i = 0; i < acks; i++) {
      now += Math.floor(ms(100) / acks);
      cubic.onAck(mss, { now, srtt: ms(100), flight: cubic.cwnd });
    }
  }
  const curve = cubicWindow(1, { wMax: 4, k: Math.cbrt(3) });
  assert.ok(Math.abs(curve - 3.97) < 0.01);
  assert.ok(cubic.wEst > 10 && cubic.wEst < 12, `W_est ${cubic.wEst}`);
  assert.ok(Math.abs(cubic.cwnd / mss - cubic.wEst) < 0.01, `cwnd ${cubic.cwnd}`);
});

Deno.test("Cubic's fast convergence lowers W_max when the window shrank since the last loss", () => {
  const cubic = new Cubic({ mss: 1000, initialWindow: 100_000 });
  cubic.onCongestion("duplicate-acks", { now: 0, flight: 0 });
  assert.equal(cubic.wMax, 100);
  cubic.cwnd = 80_000;
  cubic.onCongestion("duplicate-acks", { now: 0, flight: 0 });
  assert.equal(cubic.wMax, 80 * 1.7 / 2); // 68
  cubic.onCongestion("timeout", { now: 0, flight: 0 });
  assert.equal(cubic.cwnd, 1000);
});

Deno.test("createCongestionControl() builds by name and rejects a bad MSS", () => {
  assert.equal(createCongestionControl("reno", { mss: 1460 }).name, "reno");
  assert.throws(() => createCongestionControl("reno", { mss: 0.5 }), /option mss/);
});
