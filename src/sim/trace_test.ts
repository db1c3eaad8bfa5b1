import assert from "node:assert/strict";
import { DEFAULT_TRACE_CAPACITY } from "./params.ts";
import { Trace } from "./trace.ts";

interface Packet {
  t: number;
  host: string;
  layer: string;
  bytes: number;
  dropped: boolean;
  note: string | null;
}

const rows: Packet[] = [
  { t: 0, host: "a", layer: "ip", bytes: 1500, dropped: false, note: null },
  { t: 10, host: "b", layer: "tcp", bytes: 40, dropped: false, note: "ack" },
  { t: 20, host: "a", layer: "tcp", bytes: 1460, dropped: true, note: null },
];

Deno.test("push() appends rows in order and rows exposes them read-only", () => {
  const trace = new Trace<Packet>();
  for (const row of rows) trace.push(row);
  assert.equal(trace.length, 3);
  assert.deepEqual(trace.rows, rows);
  assert.deepEqual([...trace], rows);
  assert.equal(trace.capacity, DEFAULT_TRACE_CAPACITY);
});

Deno.test("pushed rows are frozen, so the trace stays append-only", () => {
  const trace = new Trace<{ t: number }>();
  const row = { t: 1 };
  trace.push(row);
  assert.throws(() => {
    (row as { t: number }).t = 2;
  }, TypeError);
  assert.equal(trace.rows[0].t, 1);
});

Deno.test("push() rejects rows that are not flat", () => {
  const trace = new Trace<{ t: number }>(); // the type already forbids these; check at run time
  const bad: unknown[] = [
    { t: 1, payload: { seq: 1 } },
    { t: 1, list: [1, 2] },
    { t: 1, missing: undefined },
    { t: 1, big: 1n },
  ];
  for (const row of bad) {
    assert.throws(() => trace.push(row as { t: number }), /Trace rows must be flat: field "\w+"/);
  }
  assert.throws(() => trace.push(null as unknown as { t: number }), /flat object row/);
  assert.throws(() => trace.push([1] as unknown as { t: number }), /got an array/);
  assert.equal(trace.length, 0);
});

Deno.test("push() past capacity is a RangeError naming the option to raise", () => {
  const trace = new Trace<{ t: number }>({ capacity: 2 });
  trace.push({ t: 1 });
  trace.push({ t: 2 });
  assert.throws(
    () => trace.push({ t: 3 }),
    (error: unknown) =>
      error instanceof RangeError &&
      error.message ===
        "Trace is full at its capacity of 2 rows. If the model is meant to log more, pass " +
          "{ capacity: 4 } to new Trace(); otherwise log less often.",
  );
  assert.equal(trace.length, 2);
  assert.throws(() => new Trace({ capacity: 0 }), /capacity must be a positive integer/);
});

Deno.test("filter(), where() and column() query without changing the trace", () => {
  const trace = new Trace<Packet>();
  for (const row of rows) trace.push(row);
  assert.deepEqual(trace.filter((row) => row.bytes > 1000).map((row) => row.t), [0, 20]);
  assert.deepEqual(trace.where({ host: "a", layer: "tcp" }), [rows[2]]);
  assert.deepEqual(trace.where({ note: null }).map((row) => row.t), [0, 20]);
  assert.deepEqual(trace.where({}), rows);
  assert.deepEqual(trace.column("bytes"), [1500, 40, 1460]);
  assert.equal(trace.length, 3);
});

Deno.test("JSON.stringify(trace) writes the rows as an array", () => {
  const trace = new Trace<Packet>();
  trace.push(rows[1]);
  assert.equal(
    JSON.stringify(trace),
    '[{"t":10,"host":"b","layer":"tcp","bytes":40,"dropped":false,"note":"ack"}]',
  );
});
