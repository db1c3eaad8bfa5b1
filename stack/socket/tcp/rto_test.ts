import assert from "node:assert/strict";
import { ms, seconds } from "@src/sim/mod.ts";
import { RtoEstimator } from "./rto.ts";

Deno.test("RtoEstimator follows RFC 6298 §2 on hand-computed samples", () => {
  const rto = new RtoEstimator();
  assert.equal(rto.rto, seconds(1)); // §2.1
  // R1 = 2 s: SRTT = 2, RTTVAR = 1, RTO = 2 + max(G, 4·1) = 6 s
  rto.sample(seconds(2));
  assert.equal(rto.srtt, seconds(2));
  assert.equal(rto.rttvar, seconds(1));
  assert.equal(rto.rto, seconds(6));
  // R2 = 1 s: RTTVAR = 3/4·1 + 1/4·|2 − 1| = 1; SRTT = 7/8·2 + 1/8·1 = 1.875; RTO = 5.875 s
  rto.sample(seconds(1));
  assert.equal(rto.rttvar, seconds(1));
  assert.equal(rto.srtt, seconds(1.875));
  assert.equal(rto.rto, seconds(5.875));
  // R3 = 3 s: RTTVAR = 3/4·1 + 1/4·|1.875 − 3| = 1.03125;
  //           SRTT = 7/8·1.875 + 1/8·3 = 2.015625; RTO = 2.015625 + 4·1.03125 = 6.140625 s
  rto.sample(seconds(3));
  assert.equal(rto.rttvar, seconds(1.03125));
  assert.equal(rto.srtt, seconds(2.015625));
  assert.equal(rto.rto, seconds(6.140625));
});

Deno.test("RtoEstimator rounds a small RTO up to 1 s (§2.4) and backs off to 60 s (§2.5)", () => {
  const rto = new RtoEstimator();
  rto.sample(ms(100)); // 100 + 4·50 = 300 ms < 1 s
  assert.equal(rto.rto, seconds(1));
  rto.backoff();
  rto.backoff();
  assert.equal(rto.rto, seconds(4));
  for (let i = 0; i < 10; i++) rto.backoff();
  assert.equal(rto.rto, seconds(60));
  rto.sample(ms(100)); // a new sample clears the backoff
  assert.equal(rto.rto, seconds(1));
});

Deno.test("RtoEstimator's G term matters when RTTVAR is tiny", () => {
  const rto = new RtoEstimator({ min: 0, granularity: ms(10) });
  for (let i = 0; i < 40; i++) rto.sample(ms(50));
  // RTTVAR decays by 3/4 per sample toward 0, so K·RTTVAR < G and RTO = SRTT + G.
  assert.equal(rto.rto, ms(60));
});

Deno.test("Linux variant: RTO = SRTT + max(4·mdev, 200 ms)", () => {
  const rto = new RtoEstimator({ variant: "linux" });
  // First sample 100 ms: srtt8 = 800, mdev4 = 200, rttvar = max(200, 200) → RTO 300 ms
  rto.sample(ms(100));
  assert.equal(rto.rto, ms(300));
  // Same RTT again: error 0, mdev4 = 200 − 50 = 150 < mdev_max; rttvar stays 200 → 300 ms
  rto.sample(ms(100));
  assert.equal(rto.rto, ms(300));
  // First sample 1 s: mdev4 = 2 s > floor, so RTO = 1 + 2 = 3 s ("rto = 3*rtt")
  const slow = new RtoEstimator({ variant: "linux" });
  slow.sample(seconds(1));
  assert.equal(slow.rto, seconds(3));
  // RTT jumps from 100 ms to 300 ms (state: srtt8 = 800, mdev4 = 150, rttvar = 200 ms):
  //   error m = 300 − 800/8 = 200;  srtt8 = 800 + 200 = 1000 → SRTT 125 ms
  //   m ≥ 0: m = 200 − mdev4/4 = 200 − 37.5 = 162.5;  mdev4 = 150 + 162.5 = 312.5
  //   312.5 > mdev_max (200) → mdev_max = rttvar = 312.5; the round ends, no decay
  //   RTO = SRTT + rttvar = 125 + 312.5 = 437.5 ms
  rto.sample(ms(300));
  assert.equal(rto.srtt, ms(125));
  assert.equal(rto.rto, ms(437.5));
});

Deno.test("RtoEstimator names a bad option", () => {
  assert.throws(() => new RtoEstimator({ variant: "bsd" as "linux" }), /option variant/);
  assert.throws(() => new RtoEstimator({ min: seconds(2), max: seconds(1) }), /max/);
  assert.throws(() => new RtoEstimator().sample(-1), RangeError);
});
