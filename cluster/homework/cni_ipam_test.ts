// Oracle: Debian's containernetworking-plugins v1.1.1 /usr/lib/cni/host-local, run on the same
// range and ADD/DEL sequence with a fresh data directory; and one sequence worked by hand.
import assert from "node:assert/strict";
import { assign, homeworkOptions } from "@src/exercise/mod.ts";
import { cniIpam, type CniIpamProblem } from "./cni_ipam.ts";

const BINARY = "/usr/lib/cni/host-local";
const HAVE_BINARY = (() => {
  try {
    return Deno.statSync(BINARY).isFile;
  } catch {
    return false;
  }
})();

async function real(problem: CniIpamProblem): Promise<string[]> {
  const dataDir = await Deno.makeTempDir();
  const config = JSON.stringify({
    cniVersion: "1.0.0",
    name: "homework",
    ipam: { type: "host-local", dataDir, ranges: [[problem.range]] },
  });
  const out: string[] = [];
  for (const { command, container } of problem.steps) {
    const child = new Deno.Command(BINARY, {
      env: {
        CNI_COMMAND: command,
        CNI_CONTAINERID: container,
        CNI_NETNS: "/dev/null",
        CNI_IFNAME: "eth0",
        CNI_PATH: "/x",
      },
      clearEnv: true,
      stdin: "piped",
      stdout: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(config));
    await writer.close();
    const result = await child.output();
    const text = new TextDecoder().decode(result.stdout);
    out.push(
      command === "DEL"
        ? ""
        : result.code === 0
        ? JSON.parse(text).ips[0].address.split("/")[0]
        : "none",
    );
  }
  await Deno.remove(dataDir, { recursive: true });
  return out;
}

Deno.test({
  name: "cni-ipam: solve() gives the addresses the real host-local hands out, seeds 0–11",
  ignore: !HAVE_BINARY,
  async fn() {
    for (let seed = 0; seed < 12; seed++) {
      const problem = cniIpam.generate(seed, homeworkOptions(cniIpam, { steps: 16 }));
      const solution = cniIpam.solve(problem);
      assert.deepEqual(
        solution.map((row) => row.address),
        await real(problem),
        `seed ${seed}: ${JSON.stringify(problem)}`,
      );
    }
  },
});

Deno.test("cni-ipam: a sequence worked by hand (wrap-around, gateway skipped, exhaustion)", () => {
  // range .2–.5, gateway .3: usable .2 .4 .5.  ADD c1 → .2, c2 → .4 (.3 is the gateway), c3 → .5,
  // DEL c1 (frees .2; last reserved stays .5), ADD c4 → wrap to .2, ADD c5 → none (all taken).
  const problem: CniIpamProblem = {
    range: {
      subnet: "10.0.0.0/29",
      rangeStart: "10.0.0.2",
      rangeEnd: "10.0.0.5",
      gateway: "10.0.0.3",
    },
    steps: [
      { command: "ADD", container: "c1" },
      { command: "ADD", container: "c2" },
      { command: "ADD", container: "c3" },
      { command: "DEL", container: "c1" },
      { command: "ADD", container: "c4" },
      { command: "ADD", container: "c5" },
    ],
  };
  assert.deepEqual(cniIpam.solve(problem).map((r) => r.address), [
    "10.0.0.2",
    "10.0.0.4",
    "10.0.0.5",
    "",
    "10.0.0.2",
    "none",
  ]);
  const sheet = assign(cniIpam, { seed: 3 });
  assert.match(sheet.text(), /ARG seed 3/);
  assert.match(cniIpam.render(problem, cniIpam.solve(problem)), /ADD c5 {2}→ {2}none/);
});
