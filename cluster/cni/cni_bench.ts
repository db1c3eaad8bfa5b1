// Benchmarks: our host-local (ADD+DEL through the same env/stdin boundary as the binary) and a
// CSI pod-volume lifecycle. `deno run -A cluster/cni/cni_bench.ts` also runs Debian's real
// /usr/lib/cni/host-local (plugins v1.1.1) side by side: one process per call, files on disk.
import { CniHost } from "./host.ts";
import { execCniPlugin } from "./exec.ts";
import { hostLocal } from "./plugins/host_local.ts";
import { CsiCluster } from "../csi/orchestrator.ts";
import { netblockDriver } from "../csi/drivers/netblock.ts";

const DATA_DIR = "/tmp/stacklab-cni-bench";
const CONFIG = JSON.stringify({
  cniVersion: "1.0.0",
  name: "bench",
  type: "bridge",
  ipam: { type: "host-local", dataDir: DATA_DIR, ranges: [[{ subnet: "10.88.0.0/16" }]] },
});
const env = (command: string, id: string) => ({
  CNI_COMMAND: command,
  CNI_CONTAINERID: id,
  CNI_NETNS: "/dev/null",
  CNI_IFNAME: "eth0",
  CNI_PATH: "/usr/lib/cni",
});

function oursAddDel(n: number): void {
  const ctx = { host: new CniHost(), delegate: () => ({ ok: true as const }) };
  const plugin = hostLocal();
  for (let i = 0; i < n; i++) {
    const id = `c${i % 64}`;
    if (execCniPlugin(plugin, env("ADD", id), CONFIG, ctx).exitCode !== 0) {
      throw new Error("ADD failed");
    }
    execCniPlugin(plugin, env("DEL", id), CONFIG, ctx);
  }
}

function csiLifecycle(n: number): void {
  const cluster = new CsiCluster(netblockDriver());
  for (let i = 0; i < n; i++) {
    if (!cluster.startPod(`p${i}`, { name: `c${i}`, capacityBytes: 2 ** 30 }).ok) {
      throw new Error("start failed");
    }
    cluster.stopPod(`p${i}`);
  }
}

Deno.bench("cni host-local model: ADD+DEL through the exec boundary", () => oursAddDel(1));
Deno.bench("csi netblock: provision→attach→stage→publish→…→delete, one pod", () => csiLifecycle(1));

async function realAddDel(n: number): Promise<void> {
  const run = async (command: string, id: string) => {
    const child = new Deno.Command("/usr/lib/cni/host-local", {
      env: env(command, id),
      clearEnv: true,
      stdin: "piped",
      stdout: "null",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(CONFIG));
    await writer.close();
    const status = await child.status;
    if (command === "ADD" && !status.success) throw new Error("real ADD failed");
  };
  for (let i = 0; i < n; i++) {
    await run("ADD", `c${i % 64}`);
    await run("DEL", `c${i % 64}`);
  }
}

if (import.meta.main) {
  const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString("en")}/s`;
  oursAddDel(2_000); // warm up
  let start = performance.now();
  oursAddDel(20_000);
  const oursMs = performance.now() - start;
  await Deno.remove(DATA_DIR, { recursive: true }).catch(() => {});
  start = performance.now();
  await realAddDel(200);
  const realMs = performance.now() - start;
  await Deno.remove(DATA_DIR, { recursive: true }).catch(() => {});
  csiLifecycle(200);
  start = performance.now();
  csiLifecycle(5_000);
  const csiMs = performance.now() - start;
  console.log(`host-local ADD+DEL pairs (Deno ${Deno.version.deno})`);
  console.log(`  model (exec boundary, in memory): ${rate(20_000, oursMs)}`);
  console.log(`  /usr/lib/cni/host-local v1.1.1 (process + files): ${rate(200, realMs)}`);
  console.log(`CSI netblock full pod-volume lifecycle (8 calls): ${rate(5_000, csiMs)}`);
}
