import assert from "node:assert/strict";
import { Signal } from "./signal.ts";
import { Simulation } from "./simulation.ts";

Deno.test("fire() wakes waiters in wait order, as events at now after the firing event", () => {
  const sim = new Simulation();
  const signal = new Signal<string>(sim);
  const log: string[] = [];
  signal.wait((value) => log.push(`a:${value}@${sim.now}`));
  sim.process(function* () {
    log.push(`b:${yield signal}@${sim.now}`);
  });
  sim.run(); // lets the process reach its wait
  signal.wait((value) => log.push(`c:${value}@${sim.now}`));
  sim.schedule(7, () => {
    assert.equal(signal.fire("go"), 3);
    log.push("fired");
  });
  sim.run();
  assert.deepEqual(log, ["fired", "a:go@7", "b:go@7", "c:go@7"]);
});

Deno.test("a signal has no memory: later waiters wait for the next fire()", () => {
  const sim = new Simulation();
  const signal = new Signal<number>(sim);
  const seen: number[] = [];
  assert.equal(signal.fire(1), 0);
  signal.wait((value) => seen.push(value));
  sim.run();
  assert.deepEqual(seen, []);
  signal.fire(2);
  signal.fire(3); // the waiter was already woken by 2: once only
  sim.run();
  assert.deepEqual(seen, [2]);
});

Deno.test("the function wait() returns withdraws the wait, before or after the fire", () => {
  const sim = new Simulation();
  const signal = new Signal(sim);
  let calls = 0;
  const before = signal.wait(() => calls++);
  const after = signal.wait(() => calls++);
  assert.equal(signal.waiting, 2);
  before();
  assert.equal(signal.waiting, 1);
  signal.fire();
  after(); // the wake-up is already scheduled; this cancels it
  sim.run();
  assert.equal(calls, 0);
  before(); // withdrawing twice is harmless
});

Deno.test("signals get names from the simulation's counter unless given one", () => {
  const sim = new Simulation();
  assert.equal(new Signal(sim).name, "signal-1");
  assert.equal(new Signal(sim, { name: "link-up" }).name, "link-up");
  assert.equal(new Signal(sim).name, "signal-2");
});

Deno.test("wait() needs a callback function", () => {
  const sim = new Simulation();
  const signal = new Signal(sim);
  assert.throws(() => signal.wait(42 as unknown as () => void), /needs a callback function/);
});
