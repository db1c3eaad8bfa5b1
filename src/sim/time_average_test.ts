import assert from "node:assert/strict";
import { TimeAverage } from "./time_average.ts";

Deno.test("mean() weights each level by how long it lasted", () => {
  // Hand-computed: level 1 on [0,10), 2 on [10,30), 0 on [30,40)
  //   area = 1·10 + 2·20 + 0·10 = 50; mean over 40 = 1.25
  const level = new TimeAverage();
  level.add(0, 1);
  level.add(10, 1);
  level.add(30, -2);
  assert.equal(level.integral(40), 50);
  assert.equal(level.mean(40), 1.25);
  assert.equal(level.value, 0);
  assert.equal(level.max, 2);
});

Deno.test("the level holds after the last update until the time asked", () => {
  const level = new TimeAverage();
  level.update(10, 4); // 0 on [0,10), then 4
  assert.equal(level.mean(20), 2); // (0·10 + 4·10) / 20
  assert.equal(level.mean(30), (4 * 20) / 30);
  level.update(30, 4); // asking did not change anything
  assert.equal(level.integral(30), 80);
});

Deno.test("start and an initial value shift the window", () => {
  const level = new TimeAverage({ start: 100, value: 3 });
  level.update(150, 1);
  assert.equal(level.mean(200), 2); // (3·50 + 1·50) / 100
  assert.equal(level.start, 100);
  assert.equal(new TimeAverage({ start: 5, value: 7 }).mean(5), 7);
});

Deno.test("several updates at one instant count only the last", () => {
  const level = new TimeAverage();
  level.update(10, 100);
  level.update(10, 1);
  assert.equal(level.integral(20), 10);
  assert.equal(level.max, 100); // the spike still shows in max
});

Deno.test("going back in time is a RangeError naming the last update", () => {
  const level = new TimeAverage();
  level.update(10, 1);
  assert.throws(
    () => level.update(9, 2),
    /cannot go back in time: got 9, the last update was at 10/,
  );
  assert.throws(() => level.mean(5), RangeError);
  assert.throws(() => level.update(11, NaN), /finite number/);
  assert.throws(() => new TimeAverage({ start: Infinity }), RangeError);
});

Deno.test("integer areas stay exact at nanosecond scale over a long run", () => {
  // 10^6 one-millisecond steps alternating level 3 and 5: area = 4·10^12 exactly.
  const level = new TimeAverage();
  for (let i = 0; i < 1_000_000; i++) level.update(i * 1_000_000, i % 2 === 0 ? 3 : 5);
  assert.equal(level.integral(1_000_000 * 1_000_000), 4e12);
  assert.equal(level.mean(1e12), 4);
});
