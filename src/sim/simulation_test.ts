import assert from "node:assert/strict";
import { DEFAULT_MAX_TIME } from "./params.ts";
import { ScheduledEvent, Simulation, SimulationLimitError } from "./simulation.ts";
import { hours, ms } from "./time.ts";

Deno.test("run() executes events in (time, seq) order, ties in scheduling order", () => {
  const sim = new Simulation();
  const log: string[] = [];
  sim.schedule(20, () => log.push("c@20"));
  sim.schedule(10, () => log.push("a@10"));
  sim.at(10, () => log.push("b@10"));
  sim.schedule(0, () => {
    log.push("start@0");
    sim.schedule(0, () => log.push("same-instant@0")); // after everything already at 0
  });
  sim.schedule(0, () => log.push("second@0"));
  sim.run();
  assert.deepEqual(log, ["start@0", "second@0", "same-instant@0", "a@10", "b@10", "c@20"]);
});

Deno.test("the clock moves only when the loop runs an event", () => {
  const sim = new Simulation();
  const seen: number[] = [];
  sim.schedule(ms(3), () => seen.push(sim.now));
  sim.schedule(ms(1), () => seen.push(sim.now));
  assert.equal(sim.now, 0); // scheduling does not move time
  sim.run();
  assert.deepEqual(seen, [ms(1), ms(3)]);
  assert.equal(sim.now, ms(3));
});

Deno.test("schedule() rejects negative, fractional and non-number delays", () => {
  const sim = new Simulation();
  assert.throws(() => sim.schedule(-1, () => {}), /must not be negative: got -1 ns/);
  assert.throws(() => sim.schedule(1.5, () => {}), /whole number of nanoseconds: got 1\.5/);
  assert.throws(() => sim.schedule(NaN, () => {}), RangeError);
  assert.throws(() => sim.schedule("5" as unknown as number, () => {}), TypeError);
  assert.throws(() => sim.schedule(5, "go" as unknown as () => void), /a callback function/);
  assert.throws(() => sim.schedule(Number.MAX_SAFE_INTEGER + 1, () => {}), RangeError);
  assert.equal(sim.pending, 0);
});

Deno.test("at() a time in the past throws RangeError naming the clock", () => {
  const sim = new Simulation();
  let caught: unknown;
  sim.at(100, () => {
    try {
      sim.at(40, () => {});
    } catch (error) {
      caught = error;
    }
  });
  sim.run();
  assert.ok(caught instanceof RangeError);
  assert.match(caught.message, /Cannot schedule at 40 ns .*in the past, the clock is at 100 ns/);
  assert.throws(() => sim.at(200.5, () => {}), RangeError);
});

Deno.test("a time past 2^53 ns is refused before it loses precision", () => {
  const sim = new Simulation();
  sim.at(Number.MAX_SAFE_INTEGER - 5, () => {
    assert.throws(() => sim.schedule(10, () => {}), /past the largest exact time/);
  });
  sim.run({ maxTime: Number.MAX_SAFE_INTEGER });
});

Deno.test("cancel() stops a pending callback; pending counts live events only", async (t) => {
  await t.step("single cancel", () => {
    const sim = new Simulation();
    let fired = 0;
    const a = sim.schedule(10, () => fired++);
    sim.schedule(20, () => fired++);
    assert.equal(sim.pending, 2);
    assert.equal(a.cancel(), true);
    assert.equal(a.cancelled, true);
    assert.equal(sim.pending, 1);
    assert.equal(sim.nextTime(), 20);
    const result = sim.run();
    assert.equal(fired, 1);
    assert.equal(result.events, 1);
    assert.equal(a.cancel(), false);
  });
  await t.step("cancel after firing returns false", () => {
    const sim = new Simulation();
    const event = sim.schedule(1, () => {});
    sim.run();
    assert.equal(event.pending, false);
    assert.equal(event.cancelled, false);
    assert.equal(event.cancel(), false);
  });
  await t.step("mass cancellation purges the heap and keeps the survivors' order", () => {
    const sim = new Simulation();
    const order: number[] = [];
    const events = Array.from(
      { length: 5000 },
      (_, i) => sim.schedule(5000 - i, () => order.push(i)),
    );
    for (let i = 0; i < 5000; i++) if (i % 10 !== 0) events[i].cancel();
    assert.equal(sim.pending, 500);
    assert.equal(sim.futureEvents().length, 500);
    sim.run();
    const expected = Array.from({ length: 500 }, (_, k) => 4990 - 10 * k);
    assert.deepEqual(order, expected);
  });
  await t.step("a callback can cancel a later event at the same instant", () => {
    const sim = new Simulation();
    const log: string[] = [];
    const events: ScheduledEvent[] = [];
    events.push(sim.schedule(5, () => {
      log.push("first");
      events[1].cancel();
    }));
    events.push(sim.schedule(5, () => log.push("second")));
    sim.run();
    assert.deepEqual(log, ["first"]);
  });
});

Deno.test("ScheduledEvent cannot be constructed outside the simulation", () => {
  const Ctor = ScheduledEvent as unknown as new (...args: unknown[]) => unknown;
  assert.throws(() => new Ctor(Symbol("fake"), new Simulation(), 0, () => {}), TypeError);
});

Deno.test("run() stops at maxEvents with SimulationLimitError naming the option", () => {
  const sim = new Simulation();
  const tick = () => {
    sim.schedule(1_000, tick);
  };
  sim.schedule(0, tick);
  let error: unknown;
  try {
    sim.run({ maxEvents: 1000 });
  } catch (caught) {
    error = caught;
  }
  assert.ok(error instanceof SimulationLimitError);
  assert.ok(error instanceof RangeError);
  assert.equal(error.name, "SimulationLimitError");
  assert.equal(error.limit, "maxEvents");
  assert.equal(error.value, 1000);
  assert.equal(error.events, 1000);
  assert.equal(error.now, 999_000);
  assert.equal(
    error.message,
    "Simulation stopped after 1000 events (maxEvents) at 999 µs. If the model is meant to " +
      "run longer, pass { maxEvents: 2000 } to run(); calling run() again continues from here.",
  );
  assert.equal(sim.eventCount, 1000);
});

Deno.test("run() continues exactly where a guard rail stopped it", () => {
  const run = (limit?: number) => {
    const sim = new Simulation();
    const times: number[] = [];
    let count = 0;
    const tick = () => {
      times.push(sim.now);
      if (++count < 50) sim.schedule(count % 3, tick);
    };
    sim.schedule(0, tick);
    sim.schedule(0, tick);
    if (limit !== undefined) {
      assert.throws(() => sim.run({ maxEvents: limit }), SimulationLimitError);
    }
    sim.run();
    return times;
  };
  assert.deepEqual(run(17), run());
});

Deno.test("run() stops at maxTime with SimulationLimitError naming the option", () => {
  const sim = new Simulation();
  sim.schedule(hours(1), () => {});
  sim.schedule(hours(30), () => {});
  let error: unknown;
  try {
    sim.run();
  } catch (caught) {
    error = caught;
  }
  assert.ok(error instanceof SimulationLimitError);
  assert.equal(error.limit, "maxTime");
  assert.equal(error.value, DEFAULT_MAX_TIME);
  assert.equal(sim.now, hours(1));
  assert.match(
    error.message,
    /next event is due at 30 h, past maxTime = 86400000000000 ns \(24 h\)/,
  );
  assert.match(error.message, /pass \{ maxTime: 172800000000000 \} to run\(\)/);
  // The pending event survived: a larger horizon finishes the run.
  assert.equal(sim.run({ maxTime: hours(48) }).reason, "empty");
  assert.equal(sim.now, hours(30));
});

Deno.test("run({ until }) beyond the default horizon needs no maxTime", () => {
  const sim = new Simulation();
  sim.schedule(hours(40), () => {});
  assert.deepEqual(sim.run({ until: hours(50) }), { reason: "empty", events: 1, now: hours(50) });
});

Deno.test("run({ until }) runs events due at until and leaves the clock there", async (t) => {
  await t.step("events at until run, later ones wait", () => {
    const sim = new Simulation();
    const seen: number[] = [];
    for (const time of [5, 10, 15]) sim.at(time, () => seen.push(time));
    assert.deepEqual(sim.run({ until: 10 }), { reason: "until", events: 2, now: 10 });
    assert.deepEqual(seen, [5, 10]);
    assert.deepEqual(sim.run({ until: 12 }), { reason: "until", events: 0, now: 12 });
    assert.deepEqual(sim.run(), { reason: "empty", events: 1, now: 15 });
  });
  await t.step("an empty heap still advances the clock to until", () => {
    const sim = new Simulation();
    assert.deepEqual(sim.run({ until: ms(7) }), { reason: "empty", events: 0, now: ms(7) });
  });
  await t.step("until before now is a RangeError", () => {
    const sim = new Simulation();
    sim.run({ until: 100 });
    assert.throws(() => sim.run({ until: 50 }), /until is 50 ns .*before the clock at 100 ns/);
  });
});

Deno.test("run() validates its options", () => {
  const sim = new Simulation();
  assert.throws(() => sim.run(null as unknown as object), TypeError);
  assert.throws(() => sim.run({ maxEvents: 0 }), /maxEvents must be a positive integer: got 0/);
  assert.throws(() => sim.run({ maxEvents: 1.5 }), RangeError);
  assert.throws(() => sim.run({ until: -1 }), /until must not be negative/);
  assert.throws(() => sim.run({ maxTime: 0.5 }), /maxTime must be a whole number/);
});

Deno.test("stop() ends run() after the current event", () => {
  const sim = new Simulation();
  const seen: number[] = [];
  for (let t = 1; t <= 5; t++) {
    sim.at(t, () => {
      seen.push(t);
      if (t === 3) sim.stop();
    });
  }
  assert.deepEqual(sim.run({ until: 100 }), { reason: "stopped", events: 3, now: 3 });
  assert.deepEqual(seen, [1, 2, 3]);
  // stop() applies to one run only.
  assert.equal(sim.run().events, 2);
});

Deno.test("step() runs exactly one event and reports when none is left", () => {
  const sim = new Simulation();
  const seen: number[] = [];
  sim.at(4, () => seen.push(4));
  sim.at(2, () => seen.push(2));
  sim.at(3, () => {}).cancel();
  assert.equal(sim.step(), true);
  assert.deepEqual([seen, sim.now], [[2], 2]);
  assert.equal(sim.step(), true);
  assert.deepEqual([seen, sim.now], [[2, 4], 4]);
  assert.equal(sim.step(), false);
  assert.equal(sim.eventCount, 2);
});

Deno.test("run() and step() refuse to re-enter from inside a callback", () => {
  const sim = new Simulation();
  const errors: unknown[] = [];
  sim.schedule(1, () => {
    for (const call of [() => sim.run(), () => sim.step()]) {
      try {
        call();
      } catch (error) {
        errors.push(error);
      }
    }
  });
  sim.run();
  assert.equal(errors.length, 2);
  for (const error of errors) {
    assert.ok(error instanceof TypeError);
    assert.match(error.message, /from inside an event callback/);
  }
});

Deno.test("an exception in a callback propagates with the clock at its event", () => {
  const sim = new Simulation();
  const seen: number[] = [];
  sim.at(10, () => {
    throw new Error("model bug");
  });
  sim.at(20, () => seen.push(20));
  assert.throws(() => sim.run(), /model bug/);
  assert.equal(sim.now, 10);
  assert.equal(sim.eventCount, 1);
  sim.run(); // the simulation is still usable
  assert.deepEqual(seen, [20]);
});

Deno.test("nextId() counts per prefix", () => {
  const sim = new Simulation();
  assert.deepEqual(
    [sim.nextId("pkt"), sim.nextId("vm"), sim.nextId("pkt")],
    ["pkt-1", "vm-1", "pkt-2"],
  );
  assert.equal(new Simulation().nextId("pkt"), "pkt-1");
});

Deno.test("futureEvents() lists pending events in run order", () => {
  const sim = new Simulation();
  const b = sim.schedule(5, () => {});
  const a = sim.schedule(1, () => {});
  sim.schedule(3, () => {}).cancel();
  const listed = sim.futureEvents();
  assert.deepEqual(listed.map((entry) => entry.item), [a, b]);
  assert.deepEqual(listed.map((entry) => entry.time), [1, 5]);
});
