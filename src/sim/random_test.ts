import assert from "node:assert/strict";
import { Random } from "./random.ts";

// Golden values: printed by an independent C program built from the reference
// xoshiro128starstar.c and splitmix64.c (prng.di.unimi.it) with FNV-1a 64 for strings,
// seeded exactly as random.ts documents. To regenerate (gcc -O2 oracle.c && ./a.out):
//
//   static inline uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
//   static uint32_t s[4]; static uint64_t x;
//   uint32_t next(void) {                                  /* xoshiro128** 1.1 */
//     const uint32_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 9;
//     s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t;
//     s[3] = rotl(s[3], 11); return result; }
//   uint64_t mix64(uint64_t z) {                           /* splitmix64's output */
//     z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9; z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
//     return z ^ (z >> 31); }
//   uint64_t splitmix_next(void) { return mix64(x += 0x9e3779b97f4a7c15); }
//   uint64_t fnv(const char *p) { uint64_t h = 0xcbf29ce484222325ULL;
//     for (; *p; p++) { h ^= (unsigned char)*p; h *= 0x100000001b3ULL; } return h; }
//   void seed_key(uint64_t key) { x = key; uint64_t a = splitmix_next(), b = splitmix_next();
//     s[0] = a; s[1] = a >> 32; s[2] = b; s[3] = b >> 32; }
//   double res53(void) { uint32_t a = next() >> 5, b = next() >> 6;
//     return (a * 67108864.0 + b) / 9007199254740992.0; }
//   /* integer seed n: seed_key((uint64_t)(int64_t)n); string: seed_key(fnv(str));
//      fork: seed_key(mix64(key ^ mix64(fnv(label)))); int(1, 6): draw next() until it is
//      below 2^32 − 2^32 % 6, then 1 + draw % 6; doubles printed with %.17g */
const GOLDEN = {
  seed1: {
    uint32: [1695105466, 1423115009, 634581793, 1068227753, 716759206, 4186505319],
    next: [0.3946724931250869, 0.14775008893546571, 0.16688351314326166],
    die: [5, 6, 2, 6, 5, 4, 4, 1, 6, 3], // int(1, 6)
  },
  seed0: [3737715805, 2584255861, 2876756834, 3286328325, 1553311962, 1625202774],
  seedMinus1: [477689756, 2493998634, 555695776, 607808419, 61340979, 301466976],
  seed2pow40plus5: [3065182173, 1905942169, 763565196, 1395525958, 2329159996, 4283801401],
  stacklab: [2772227959, 4457725, 3269608976, 2012984023, 1773475448, 614896609],
  ete: [292302778, 2268704104, 3715057690, 2881556734, 3947901460, 1368370335], // "été", UTF-8
  forkArrivals: [3243743253, 111795428, 1410686685, 1613074298, 3696338304, 2723278581],
  forkArrivals2: [3502013538, 4172193579, 515557851, 3454886601, 998052927, 798615805],
};

const take = (count: number, draw: () => number) => Array.from({ length: count }, draw);

Deno.test("the same seed gives the same sequence (golden values from C)", async (t) => {
  await t.step("integer seeds", () => {
    const random = new Random(1);
    assert.deepEqual(take(6, () => random.uint32()), GOLDEN.seed1.uint32);
    const zero = new Random(0);
    assert.deepEqual(take(6, () => zero.uint32()), GOLDEN.seed0);
    const minusOne = new Random(-1); // two's complement: key 2^64 − 1
    assert.deepEqual(take(6, () => minusOne.uint32()), GOLDEN.seedMinus1);
    const big = new Random(2 ** 40 + 5); // the high 32 bits of the seed count
    assert.deepEqual(take(6, () => big.uint32()), GOLDEN.seed2pow40plus5);
  });
  await t.step("string seeds hash their UTF-8 bytes", () => {
    const stacklab = new Random("stacklab");
    assert.deepEqual(take(6, () => stacklab.uint32()), GOLDEN.stacklab);
    const ete = new Random("été");
    assert.deepEqual(take(6, () => ete.uint32()), GOLDEN.ete);
  });
  await t.step("next() builds 53-bit floats from two outputs", () => {
    const random = new Random(1);
    assert.deepEqual(take(3, () => random.next()), GOLDEN.seed1.next);
  });
  await t.step("int() rejection sampling", () => {
    const random = new Random(1);
    assert.deepEqual(take(10, () => random.int(1, 6)), GOLDEN.seed1.die);
  });
  await t.step("two streams from one seed stay identical over 10^5 draws", () => {
    const a = new Random("replay");
    const b = new Random("replay");
    for (let i = 0; i < 100_000; i++) assert.equal(a.uint32(), b.uint32());
  });
});

Deno.test("a missing or invalid seed is a TypeError that shows how to pass one", () => {
  const bad: unknown[] = [undefined, null, NaN, 1.5, Infinity, 2 ** 53, "", {}, [], 1n];
  for (const seed of bad) {
    assert.throws(
      () => new Random(seed as number),
      (error: unknown) =>
        error instanceof TypeError && /Random needs a seed/.test(error.message) &&
        /new Random\(1\)/.test(error.message),
      `seed ${String(seed)}`,
    );
  }
  assert.throws(() => new (Random as unknown as new () => Random)(), /got undefined undefined/);
});

Deno.test('different seeds give different streams; 1 and "1" are different seeds', () => {
  const first = (seed: number | string) => new Random(seed).uint32();
  assert.notEqual(first(1), first(2));
  assert.notEqual(first(1), first("1"));
  assert.equal(new Random("1").seed, "1");
});

Deno.test("fork(label) depends on the parent's key and the label only", async (t) => {
  await t.step("golden values, nested forks", () => {
    const arrivals = new Random(1).fork("arrivals");
    assert.deepEqual(take(6, () => arrivals.uint32()), GOLDEN.forkArrivals);
    const nested = new Random(1).fork("arrivals").fork(2); // numbers become "2"
    assert.deepEqual(take(6, () => nested.uint32()), GOLDEN.forkArrivals2);
    assert.deepEqual(nested.path, ["arrivals", "2"]);
    assert.equal(nested.seed, 1);
  });
  await t.step("draws from the parent do not shift a fork", () => {
    const parent = new Random(1);
    for (let i = 0; i < 1000; i++) parent.next();
    const arrivals = parent.fork("arrivals");
    assert.deepEqual(take(6, () => arrivals.uint32()), GOLDEN.forkArrivals);
  });
  await t.step("forks differ from their parent and from each other", () => {
    const parent = new Random(1);
    const firsts = [parent, parent.fork("a"), parent.fork("b"), parent.fork("a").fork("b")]
      .map((stream) => stream.uint32());
    assert.equal(new Set(firsts).size, firsts.length);
  });
  await t.step("a bad label is a TypeError", () => {
    assert.throws(() => new Random(1).fork(undefined as unknown as string), TypeError);
    assert.throws(() => new Random(1).fork(NaN), TypeError);
  });
});

Deno.test("next() stays in [0, 1) with mean about 1/2", () => {
  const random = new Random("uniform");
  let total = 0;
  for (let i = 0; i < 100_000; i++) {
    const u = random.next();
    assert.ok(u >= 0 && u < 1);
    total += u;
  }
  // Standard error of the mean of U(0,1) over 10^5 draws: √(1/12)/√10^5 ≈ 0.0009.
  assert.ok(Math.abs(total / 100_000 - 0.5) < 0.005);
});

Deno.test("int(lo, hi) includes both ends without bias", async (t) => {
  await t.step("a die lands on each face about equally often", () => {
    const random = new Random("die");
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 60_000; i++) counts[random.int(1, 6) - 1]++;
    // Expected 10 000 each; binomial sd ≈ 91, so ±500 is over 5 sd.
    for (const count of counts) assert.ok(Math.abs(count - 10_000) < 500, `counts ${counts}`);
  });
  await t.step("degenerate and negative ranges", () => {
    const random = new Random(1);
    assert.equal(random.int(7, 7), 7);
    for (let i = 0; i < 100; i++) {
      const value = random.int(-3, -1);
      assert.ok(value >= -3 && value <= -1);
    }
  });
  await t.step("ranges wider than 2^32 use 53-bit draws", () => {
    const random = new Random(1);
    for (let i = 0; i < 1000; i++) {
      const value = random.int(0, 2 ** 40);
      assert.ok(Number.isInteger(value) && value >= 0 && value <= 2 ** 40);
    }
    const full = random.int(-(2 ** 52), 2 ** 52 - 1); // exactly 2^53 values
    assert.ok(Number.isSafeInteger(full));
  });
  await t.step("bad bounds are RangeErrors", () => {
    const random = new Random(1);
    assert.throws(() => random.int(6, 1), /lo ≤ hi: got int\(6, 1\)/);
    assert.throws(() => random.int(0, 1.5), RangeError);
    assert.throws(() => random.int(-(2 ** 53 - 1), 2 ** 53 - 1), /more than 2\^53/);
  });
});

Deno.test("uniform(), exponential() and normal() apply their formulas to next()", async (t) => {
  await t.step("uniform(a, b) = a + (b − a)·U", () => {
    const random = new Random(5);
    const twin = new Random(5);
    for (let i = 0; i < 100; i++) assert.equal(random.uniform(2, 6), 2 + 4 * twin.next());
    assert.throws(() => random.uniform(3, 1), RangeError);
  });
  await t.step("exponential(rate) = −ln(1 − U)/rate, mean 1/rate", () => {
    const random = new Random(6);
    const twin = new Random(6);
    for (let i = 0; i < 100; i++) {
      assert.equal(random.exponential(0.5), -Math.log(1 - twin.next()) / 0.5);
    }
    let total = 0;
    for (let i = 0; i < 100_000; i++) total += random.exponential(4);
    // mean 0.25, sd 0.25; standard error ≈ 0.0008.
    assert.ok(Math.abs(total / 100_000 - 0.25) < 0.004);
    for (const rate of [0, -1, NaN, Infinity]) assert.throws(() => random.exponential(rate));
  });
  await t.step("normal(mean, sd) is Box–Muller with two draws per call", () => {
    const random = new Random(7);
    const twin = new Random(7);
    for (let i = 0; i < 100; i++) {
      const u1 = 1 - twin.next();
      const u2 = twin.next();
      const expected = 3 + 2 * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      assert.equal(random.normal(3, 2), expected);
    }
    const sample = take(100_000, () => random.normal());
    const mean = sample.reduce((a, b) => a + b) / sample.length;
    const variance = sample.reduce((a, b) => a + (b - mean) ** 2, 0) / (sample.length - 1);
    assert.ok(Math.abs(mean) < 0.02);
    assert.ok(Math.abs(variance - 1) < 0.02);
    assert.throws(() => random.normal(0, -1), RangeError);
  });
});

Deno.test("bernoulli(p) is true with probability p", () => {
  const random = new Random("coin");
  assert.equal(random.bernoulli(0), false);
  assert.equal(random.bernoulli(1), true);
  let heads = 0;
  for (let i = 0; i < 100_000; i++) if (random.bernoulli(0.01)) heads++;
  // Expected 1000, sd ≈ 31.
  assert.ok(Math.abs(heads - 1000) < 160, `heads ${heads}`);
  for (const p of [-0.1, 1.1, NaN]) assert.throws(() => random.bernoulli(p), /probability/);
});

Deno.test("choice() picks every element and refuses an empty array", () => {
  const random = new Random("choice");
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) seen.add(random.choice(["a", "b", "c", "d"]));
  assert.deepEqual([...seen].sort(), ["a", "b", "c", "d"]);
  assert.throws(() => random.choice([]), /non-empty array: got an empty array/);
});

Deno.test("shuffle() returns a permutation, leaves the input alone, and is uniform", () => {
  const random = new Random("shuffle");
  const input = Object.freeze([1, 2, 3, 4, 5]);
  const shuffled = random.shuffle(input);
  assert.deepEqual([...shuffled].sort(), [1, 2, 3, 4, 5]);
  assert.deepEqual(input, [1, 2, 3, 4, 5]);
  const counts = new Map<string, number>();
  for (let i = 0; i < 60_000; i++) {
    const key = random.shuffle(["a", "b", "c"]).join("");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  assert.equal(counts.size, 6);
  for (const count of counts.values()) assert.ok(Math.abs(count - 10_000) < 500);
  assert.throws(() => random.shuffle("abc" as unknown as string[]), TypeError);
});
