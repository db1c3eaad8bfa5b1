import assert from "node:assert/strict";
import { tcpSeq } from "./tcp_seq.ts";

Deno.test("tcp-seq: a hand-worked transfer with fast retransmit", () => {
  // ISN 1000 → first byte 1001. Lengths 100, 200, 300, 400, 500; segment 2 is lost.
  //   seg 1: seq 1001, ACK 1101
  //   seg 2: seq 1101, lost
  //   seg 3: seq 1301, ACK 1101 (dup 1) · seg 4: seq 1601, ACK 1101 (dup 2)
  //   seg 5: seq 2001, ACK 1101 (dup 3 → fast retransmit of 1101)
  //   retransmission fills 1101–1300; the server holds everything up to 2500: ACK 2501.
  const solution = tcpSeq.solve({ isn: 1000, lengths: [100, 200, 300, 400, 500], lost: 2 });
  assert.deepEqual(solution.rows.map((r) => [r.seq, r.ack, r.duplicate]), [
    [1001, 1101, false],
    [1101, null, false],
    [1301, 1101, true],
    [1601, 1101, true],
    [2001, 1101, true],
  ]);
  assert.deepEqual(
    [solution.duplicateAcks, solution.trigger, solution.retransmitSeq, solution.finalAck],
    [3, "fast-retransmit", 1101, 2501],
  );
});

Deno.test("tcp-seq: two duplicates are not enough; the timer fires", () => {
  const solution = tcpSeq.solve({ isn: 0, lengths: [10, 10, 10, 10], lost: 2 });
  assert.deepEqual([solution.duplicateAcks, solution.trigger, solution.finalAck], [
    2,
    "timeout",
    41,
  ]);
  const last = tcpSeq.solve({ isn: 0, lengths: [10, 10], lost: 2 });
  assert.deepEqual([last.duplicateAcks, last.trigger, last.retransmitSeq, last.finalAck], [
    0,
    "timeout",
    11,
    21,
  ]);
});

Deno.test("tcp-seq: losing the first segment makes every ACK a duplicate of the handshake's", () => {
  // After the handshake the server's ACK was ISN + 1; it stays there until segment 1 arrives.
  const solution = tcpSeq.solve({ isn: 99, lengths: [1, 1, 1, 1], lost: 1 });
  assert.deepEqual(solution.rows.slice(1).map((r) => [r.ack, r.duplicate]), [
    [100, true],
    [100, true],
    [100, true],
  ]);
  assert.equal(solution.finalAck, 104);
});

Deno.test("tcp-seq: sequence numbers wrap modulo 2^32", () => {
  // ISN 2^32 − 150 → first byte 2^32 − 149; 100 + 100 bytes: the second segment starts
  // at 2^32 − 49, the transfer ends at 2^32 − 149 + 200 − 2^32 = 51.
  const solution = tcpSeq.solve({ isn: 2 ** 32 - 150, lengths: [100, 100], lost: 1 });
  assert.deepEqual(solution.rows.map((r) => r.seq), [2 ** 32 - 149, 2 ** 32 - 49]);
  assert.equal(solution.finalAck, 51);
  for (let seed = 0; seed < 20; seed++) {
    const problem = tcpSeq.generate(seed, {
      segments: 6,
      mss: 1460,
      sizes: "varied",
      lost: 0,
      nearWrap: true,
    });
    const rows = tcpSeq.solve(problem).rows;
    assert.ok(rows.some((r, i) => i > 0 && r.seq < rows[i - 1].seq), `seed ${seed} should wrap`);
  }
});

Deno.test("tcp-seq: generated problems honour the options and end at ISN + 1 + total", () => {
  for (let seed = 0; seed < 50; seed++) {
    const problem = tcpSeq.generate(seed, {
      segments: 7,
      mss: 536,
      sizes: "varied",
      lost: 0,
      nearWrap: false,
    });
    assert.equal(problem.lengths.length, 7);
    assert.ok(problem.lengths.every((length) => length >= 54 && length <= 536));
    assert.ok(problem.lost >= 1 && problem.lost <= 7);
    const total = problem.lengths.reduce((a, b) => a + b, 0);
    assert.equal(tcpSeq.solve(problem).finalAck, (problem.isn + 1 + total) % 2 ** 32);
  }
  const equal = tcpSeq.generate(1, {
    segments: 3,
    mss: 1000,
    sizes: "equal",
    lost: 3,
    nearWrap: false,
  });
  assert.deepEqual([equal.lengths, equal.lost], [[1000, 1000, 1000], 3]);
  assert.throws(
    () => tcpSeq.generate(1, { segments: 3, mss: 1000, sizes: "equal", lost: 4, nearWrap: false }),
    /lost 4 is past the last of 3 segments/,
  );
});

Deno.test("tcp-seq: the question shows ? where the answers go", () => {
  const problem = tcpSeq.generate(7, {
    segments: 6,
    mss: 1460,
    sizes: "varied",
    lost: 0,
    nearWrap: false,
  });
  const question = tcpSeq.render(problem);
  assert.equal(question.match(/\?/g)!.length >= 11, true); // 6 SEG.SEQ + 5 ACKs (+ the questions)
  const answers = tcpSeq.render(problem, tcpSeq.solve(problem));
  assert.match(answers, new RegExp(`ACK ${tcpSeq.solve(problem).finalAck} = ISN \\+ 1`));
});
