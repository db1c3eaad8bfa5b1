import assert from "node:assert/strict";
import { Process, type ProcessBody, type Waitable } from "./process.ts";
import { Signal } from "./signal.ts";
import { Simulation } from "./simulation.ts";
import { ms } from "./time.ts";

Deno.test("a process sleeps for each yielded delay", () => {
  const sim = new Simulation();
  const wakeups: number[] = [];
  sim.process(function* () {
    for (const delay of [ms(1), 0, ms(2)]) {
      yield delay;
      wakeups.push(sim.now);
    }
  });
  sim.run();
  assert.deepEqual(wakeups, [ms(1), ms(1), ms(3)]);
});

Deno.test("a process starts as an event at now, after events already scheduled for now", () => {
  const sim = new Simulation();
  const log: string[] = [];
  sim.schedule(0, () => log.push("callback"));
  sim.process(function* () {
    log.push("process");
    yield 0;
  });
  assert.deepEqual(log, []); // nothing runs before run()
  sim.run();
  assert.deepEqual(log, ["callback", "process"]);
});

Deno.test("processes and callbacks interleave in (time, seq) order", () => {
  const sim = new Simulation();
  const log: string[] = [];
  const worker = (name: string, period: number) =>
    function* (): ProcessBody<void> {
      for (let i = 0; i < 3; i++) {
        yield period;
        log.push(`${name}@${sim.now}`);
      }
    };
  sim.process(worker("a", 2));
  sim.process(worker("b", 3));
  sim.schedule(6, () => log.push("timer@6"));
  sim.run();
  // At t=6 the timer goes first: it was scheduled at setup (small seq), b's wake-up at
  // t=3 and a's at t=4.
  assert.deepEqual(log, ["a@2", "b@3", "a@4", "timer@6", "b@6", "a@6", "b@9"]);
});

Deno.test("yield process waits for it to finish and receives its result", async (t) => {
  await t.step("join a running process", () => {
    const sim = new Simulation();
    const child = sim.process(function* () {
      yield ms(5);
      return "done";
    });
    let received: unknown;
    sim.process(function* () {
      received = yield child;
      assert.equal(sim.now, ms(5));
    });
    sim.run();
    assert.equal(received, "done");
    assert.equal(child.result, "done");
  });
  await t.step("join a finished process resumes at once, at now", () => {
    const sim = new Simulation();
    const child = sim.process(function* () {
      yield 1;
      return 7;
    });
    sim.run();
    let received: unknown;
    sim.at(10, () => {
      sim.process(function* () {
        received = yield child;
        assert.equal(sim.now, 10);
      });
    });
    sim.run();
    assert.equal(received, 7);
  });
});

Deno.test("yield signal resumes with the fired value", () => {
  const sim = new Simulation();
  const ack = new Signal<number>(sim);
  const acked: [number, unknown][] = [];
  sim.process(function* () {
    for (let i = 0; i < 2; i++) {
      const value = yield ack;
      acked.push([sim.now, value]);
    }
  });
  sim.schedule(ms(10), () => ack.fire(1));
  sim.schedule(ms(25), () => ack.fire(2));
  sim.run();
  assert.deepEqual(acked, [[ms(10), 1], [ms(25), 2]]);
});

Deno.test("a bad yield fails the process with an error naming it", async (t) => {
  await t.step("negative delay → RangeError", () => {
    const sim = new Simulation();
    const bad = sim.process(function* () {
      yield -5;
    }, { name: "sender" });
    assert.throws(() => sim.run(), /Process "sender" yielded a delay of -5 ns/);
    assert.equal(bad.state, "failed");
  });
  await t.step("fractional delay → RangeError", () => {
    const sim = new Simulation();
    sim.process(function* () {
      yield 0.25;
    });
    assert.throws(() => sim.run(), RangeError);
  });
  await t.step("a string → TypeError", () => {
    const sim = new Simulation();
    sim.process(function* () {
      yield "5ms" as unknown as number;
    }, { name: "typo" });
    assert.throws(() => sim.run(), /Process "typo" yielded string 5ms/);
  });
});

Deno.test("a body that is not a generator is a TypeError mentioning function*", () => {
  const sim = new Simulation();
  const notGenerator = (() => {}) as unknown as () => ProcessBody<void>;
  assert.throws(() => sim.process(notGenerator), /function\* \(\)/);
});

Deno.test("a generator object works as a body too", () => {
  const sim = new Simulation();
  function* ping(times: number): ProcessBody<number> {
    for (let i = 0; i < times; i++) yield 10;
    return sim.now;
  }
  const process = sim.process(ping(3));
  sim.run();
  assert.equal(process.result, 30);
});

Deno.test("cancel() stops a process where it is paused", async (t) => {
  await t.step("while sleeping: the wake-up is withdrawn and finally blocks run", () => {
    const sim = new Simulation();
    const log: string[] = [];
    const sleeper = sim.process(function* () {
      try {
        yield ms(100);
        log.push("woke");
      } finally {
        log.push(`cleanup@${sim.now}`);
      }
    });
    sim.schedule(ms(10), () => assert.equal(sleeper.cancel(), true));
    sim.run();
    assert.deepEqual(log, [`cleanup@${ms(10)}`]);
    assert.equal(sleeper.state, "cancelled");
    assert.equal(sim.now, ms(10)); // the withdrawn wake-up did not run
    assert.equal(sleeper.cancel(), false);
  });
  await t.step("while waiting: the signal no longer counts it", () => {
    const sim = new Simulation();
    const signal = new Signal(sim);
    const waiter = sim.process(function* () {
      yield signal;
      assert.fail("must not resume");
    });
    sim.run();
    assert.equal(signal.waiting, 1);
    waiter.cancel();
    assert.equal(signal.waiting, 0);
    assert.equal(signal.fire(), 0);
    sim.run();
  });
  await t.step("after the fire, before the wake-up: the wake-up is withdrawn", () => {
    const sim = new Simulation();
    const signal = new Signal(sim);
    let resumed = false;
    const waiter = sim.process(function* () {
      yield signal;
      resumed = true;
    });
    sim.schedule(5, () => {
      signal.fire();
      waiter.cancel(); // the wake-up is already an event at now
    });
    sim.run();
    assert.equal(resumed, false);
  });
  await t.step("before it starts: the body never runs", () => {
    const sim = new Simulation();
    let ran = false;
    const process = sim.process(function* () {
      ran = true;
      yield 1;
    });
    process.cancel();
    sim.run();
    assert.equal(ran, false);
    assert.equal(process.state, "cancelled");
  });
  await t.step("joiners of a cancelled process wake with undefined", () => {
    const sim = new Simulation();
    const child = sim.process(function* () {
      yield ms(100);
      return "never";
    });
    let received: unknown = "unset";
    sim.process(function* () {
      received = yield child;
    });
    sim.schedule(ms(1), () => child.cancel());
    sim.run();
    assert.equal(received, undefined);
  });
  await t.step("a process cannot cancel itself", () => {
    const sim = new Simulation();
    const self: Process = sim.process(function* () {
      yield 1;
      self.cancel();
    }, { name: "selfish" });
    assert.throws(() => sim.run(), /Process "selfish" cannot cancel itself/);
  });
  await t.step("a finally block that yields during cancel is a TypeError", () => {
    const sim = new Simulation();
    const stubborn = sim.process(function* () {
      try {
        yield 100;
      } finally {
        yield 5;
      }
    }, { name: "stubborn" });
    sim.step();
    assert.throws(() => stubborn.cancel(), /yielded from a finally block/);
  });
});

Deno.test("an exception inside a process propagates out of run() and marks it failed", () => {
  const sim = new Simulation();
  const faulty = sim.process(function* () {
    yield 3;
    throw new Error("bad packet");
  });
  assert.throws(() => sim.run(), /bad packet/);
  assert.equal(faulty.state, "failed");
  assert.equal(faulty.done, true);
  assert.equal(sim.now, 3);
});

Deno.test("processes get default names from a per-simulation counter", () => {
  const sim = new Simulation();
  const body = function* () {};
  assert.equal(sim.process(body).name, "process-1");
  assert.equal(sim.process(body).name, "process-2");
  assert.equal(sim.process(body, { name: "dhcp" }).name, "dhcp");
  assert.equal(new Process(new Simulation(), body).name, "process-1");
});

Deno.test("state walks scheduled → sleeping/waiting → finished", () => {
  const sim = new Simulation();
  const signal = new Signal(sim);
  const process = sim.process(function* () {
    yield 10;
    yield signal;
  });
  assert.equal(process.state, "scheduled");
  sim.step();
  assert.equal(process.state, "sleeping");
  sim.step();
  assert.equal(process.state, "waiting");
  signal.fire();
  sim.run();
  assert.equal(process.state, "finished");
  assert.equal(process.done, true);
});

Deno.test("a waitable that calls back synchronously resumes the process as an event", () => {
  const sim = new Simulation();
  const ready: Waitable<string> = {
    wait(callback) {
      callback("now"); // not deferred, against the contract: must still work
      return () => {};
    },
  };
  const log: string[] = [];
  const process = sim.process(function* () {
    log.push(`got ${yield ready} at ${sim.now}`);
    yield 5;
    log.push(`slept to ${sim.now}`);
  });
  sim.schedule(0, () => log.push(`state ${process.state}`));
  sim.run();
  assert.deepEqual(log, ["state scheduled", "got now at 0", "slept to 5"]);
});
