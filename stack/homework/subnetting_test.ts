import assert from "node:assert/strict";
import { subnetting } from "./subnetting.ts";

// An oracle that shares no code with the generator: addresses as 32-character bit
// strings, a prefix as the first n characters.
function bits(address: string): string {
  return address.split(".").map((part) => Number(part).toString(2).padStart(8, "0")).join("");
}
function dotted(bitString: string): string {
  return [0, 8, 16, 24].map((i) => parseInt(bitString.slice(i, i + 8), 2)).join(".");
}
function contains(prefix: string, address: string): boolean {
  const [network, length] = prefix.split("/");
  return bits(network).slice(0, Number(length)) === bits(address).slice(0, Number(length));
}

const OPTIONS = { addresses: 6, routes: 8, destinations: 10, defaultRoute: true };

Deno.test("subnetting: network, broadcast and host counts match a bit-string oracle", () => {
  for (let seed = 0; seed < 40; seed++) {
    const problem = subnetting.generate(seed, OPTIONS);
    const solution = subnetting.solve(problem);
    problem.interfaces.forEach((text, i) => {
      const [address, lengthText] = text.split("/");
      const length = Number(lengthText);
      const host = bits(address);
      const answer = solution.interfaces[i];
      assert.equal(answer.network, `${dotted(host.slice(0, length).padEnd(32, "0"))}/${length}`);
      assert.equal(answer.broadcast, dotted(host.slice(0, length).padEnd(32, "1")));
      assert.equal(answer.usableHosts, 2 ** (32 - length) - 2); // lengths are /12–/30
      assert.ok(answer.network !== `${address}/${length}` && answer.broadcast !== address);
    });
  }
});

Deno.test("subnetting: the longest-prefix match equals a brute-force search", () => {
  let drops = 0;
  for (let seed = 0; seed < 60; seed++) {
    const defaultRoute = seed % 3 !== 0;
    const problem = subnetting.generate(seed, { ...OPTIONS, defaultRoute });
    const solution = subnetting.solve(problem);
    problem.destinations.forEach((destination, i) => {
      // Brute force: try every route, keep the one with the most matching leading bits.
      let best: { prefix: string; nextHop: string } | null = null;
      for (const route of problem.routes) {
        if (!contains(route.prefix, destination)) continue;
        if (
          best === null || Number(route.prefix.split("/")[1]) > Number(best.prefix.split("/")[1])
        ) {
          best = route;
        }
      }
      const answer = solution.routes[i];
      assert.equal(answer.route, best?.prefix ?? null, `seed ${seed}, ${destination}`);
      assert.equal(answer.nextHop, best?.nextHop ?? "drop");
      assert.deepEqual(
        [...answer.matches].sort(),
        problem.routes.filter((r) => contains(r.prefix, destination)).map((r) => r.prefix).sort(),
      );
      if (best === null) drops++;
    });
  }
  assert.ok(drops > 0, "some destinations should have no route when there is no default");
});

Deno.test("subnetting: a hand-worked problem", () => {
  // 192.168.5.77/22: 77 = 01001101, third octet 5 = 000001|01 → network 192.168.4.0/22,
  // broadcast 192.168.7.255, 2^10 − 2 = 1022 hosts. 10.1.2.3 matches 10.0.0.0/8 and
  // 10.1.0.0/16 (and 0.0.0.0/0): the /16 wins. 11.0.0.1 matches only the default route.
  const solution = subnetting.solve({
    interfaces: ["192.168.5.77/22"],
    routes: [
      { prefix: "10.0.0.0/8", nextHop: "r1" },
      { prefix: "10.1.0.0/16", nextHop: "r2" },
      { prefix: "0.0.0.0/0", nextHop: "isp" },
    ],
    destinations: ["10.1.2.3", "11.0.0.1"],
  });
  assert.deepEqual(solution.interfaces[0], {
    interface: "192.168.5.77/22",
    network: "192.168.4.0/22",
    broadcast: "192.168.7.255",
    usableHosts: 1022,
    firstHost: "192.168.4.1",
    lastHost: "192.168.7.254",
  });
  assert.deepEqual(solution.routes.map((r) => [r.route, r.nextHop]), [
    ["10.1.0.0/16", "r2"],
    ["0.0.0.0/0", "isp"],
  ]);
});

Deno.test("subnetting: routes are distinct, nested and honour the options", () => {
  for (let seed = 0; seed < 20; seed++) {
    const problem = subnetting.generate(seed, {
      addresses: 2,
      routes: 4,
      destinations: 3,
      defaultRoute: false,
    });
    assert.equal(problem.interfaces.length, 2);
    assert.equal(problem.routes.length, 4);
    assert.equal(problem.destinations.length, 3);
    assert.equal(new Set(problem.routes.map((r) => r.prefix)).size, 4);
    assert.ok(!problem.routes.some((r) => r.prefix === "0.0.0.0/0"));
    const slash16 = problem.routes.find((r) => r.prefix.endsWith("/16"))!;
    assert.ok(problem.routes.every((r) => contains(slash16.prefix, r.prefix.split("/")[0])));
  }
});

Deno.test("subnetting: render hides the answers unless given the solution", () => {
  const problem = subnetting.generate(7, OPTIONS);
  const solution = subnetting.solve(problem);
  const question = subnetting.render(problem);
  assert.doesNotMatch(question, /longest:|broadcast \d/);
  const answers = subnetting.render(problem, solution);
  for (const answer of solution.interfaces) {
    assert.ok(answers.includes(`broadcast ${answer.broadcast}`));
  }
  for (const answer of solution.routes) {
    assert.ok(answers.includes(`longest: ${answer.route ?? "none"} → ${answer.nextHop}`));
  }
});
