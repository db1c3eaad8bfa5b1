// host-local against the real thing: Debian's containernetworking-plugins v1.1.1 binary
// /usr/lib/cni/host-local gets the same CNI_* environment and stdin as our model, and both
// must print the same JSON (addresses, gateways, routes, error codes and messages), exit
// with the same code, and leave the same reservation files behind.
import assert from "node:assert/strict";
import { Random } from "@src/sim/mod.ts";
import { CniHost } from "../host.ts";
import { execCniPlugin } from "../exec.ts";
import { hostLocal } from "./host_local.ts";

const BINARY = "/usr/lib/cni/host-local";
const HAVE_BINARY = (() => {
  try {
    return Deno.statSync(BINARY).isFile;
  } catch {
    return false;
  }
})();
// plugins v1.1.1 implements spec ≤ 1.0.0 (its VERSION prints exactly this list)
const V1_1_1 = ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0"];

type Env = Record<string, string>;

function realRun(env: Env, stdin: string) {
  const child = new Deno.Command(BINARY, { env, clearEnv: true, stdin: "piped", stdout: "piped" })
    .spawn();
  const writer = child.stdin.getWriter();
  writer.write(new TextEncoder().encode(stdin));
  writer.close();
  return child.output().then((o) => ({
    exitCode: o.code,
    stdout: new TextDecoder().decode(o.stdout),
  }));
}

/** Run one step on both sides; return both parsed outputs. */
function pair(dataDir: string) {
  const host = new CniHost();
  const plugin = hostLocal({ supportedVersions: V1_1_1 });
  const ctx = { host, delegate: () => ({ ok: true as const }) };
  return {
    host,
    async run(env: Env, stdin: string) {
      const real = await realRun(env, stdin);
      const ours = execCniPlugin(plugin, env, stdin, ctx);
      const parse = (s: string) => (s.trim() === "" ? null : JSON.parse(s));
      return {
        real: { ...real, json: parse(real.stdout) },
        ours: { ...ours, json: parse(ours.stdout) },
      };
    },
    async files() {
      const real: Record<string, string> = {};
      for await (const network of Deno.readDir(dataDir)) {
        for await (const file of Deno.readDir(`${dataDir}/${network.name}`)) {
          if (file.name === "lock") continue;
          real[`${dataDir}/${network.name}/${file.name}`] = await Deno.readTextFile(
            `${dataDir}/${network.name}/${file.name}`,
          );
        }
      }
      return { real, ours: Object.fromEntries(host.files) };
    },
  };
}

const env = (command: string, id: string, extra: Env = {}): Env => ({
  CNI_COMMAND: command,
  CNI_CONTAINERID: id,
  CNI_NETNS: "/dev/null",
  CNI_IFNAME: "eth0",
  CNI_PATH: "/usr/lib/cni",
  ...extra,
});

const conf = (dataDir: string, ipam: Record<string, unknown>, cniVersion = "1.0.0") =>
  JSON.stringify({
    cniVersion,
    name: "pods",
    type: "bridge",
    ipam: { type: "host-local", dataDir, ...ipam },
  });

Deno.test({
  name: "host-local matches /usr/lib/cni/host-local v1.1.1 step by step",
  ignore: !HAVE_BINARY,
  async fn(t) {
    await t.step("a scripted ADD/DEL sequence: order, wrap-around, exhaustion, files", async () => {
      const dataDir = await Deno.makeTempDir();
      const both = pair(dataDir);
      // /29: usable .1–.6, gateway .1 → .2 .3 .4 .5 .6, then exhausted; DEL b frees .3; the
      // next ADD starts after last_reserved_ip (.6), wraps to .1 (gateway, skipped), .2 taken → .3
      const config = conf(dataDir, {
        ranges: [[{ subnet: "10.1.2.0/29" }]],
        routes: [{ dst: "0.0.0.0/0" }],
      });
      const script: [string, string][] = [
        ["ADD", "a"],
        ["ADD", "b"],
        ["ADD", "c"],
        ["ADD", "d"],
        ["ADD", "e"],
        ["ADD", "f"],
        ["DEL", "b"],
        ["ADD", "g"],
        ["ADD", "h"],
        ["DEL", "a"],
        ["DEL", "a"],
        ["ADD", "c"],
        ["CHECK", "c"],
        ["CHECK", "zz"],
        ["DEL", "zz"],
        ["ADD", "i"],
      ];
      const addresses: string[] = [];
      for (const [command, id] of script) {
        const { real, ours } = await both.run(env(command, id), config);
        assert.equal(ours.exitCode, real.exitCode, `${command} ${id}: exit code`);
        assert.deepEqual(ours.json, real.json, `${command} ${id}: stdout`);
        addresses.push(real.json?.ips?.[0]?.address ?? real.json?.code ?? "ok");
      }
      // hand-derived from allocator.go (see the comment above)
      assert.deepEqual(addresses, [
        "10.1.2.2/29",
        "10.1.2.3/29",
        "10.1.2.4/29",
        "10.1.2.5/29",
        "10.1.2.6/29",
        999,
        "ok",
        "10.1.2.3/29",
        999,
        "ok",
        "ok",
        999,
        "ok",
        999,
        "ok",
        "10.1.2.2/29",
      ]);
      const files = await both.files();
      assert.deepEqual(files.ours, files.real);
      await Deno.remove(dataDir, { recursive: true });
    });

    await t.step(
      "rangeStart/rangeEnd, explicit gateway inside the range, two range sets, routes",
      async () => {
        const dataDir = await Deno.makeTempDir();
        const both = pair(dataDir);
        const config = conf(dataDir, {
          ranges: [
            [{
              subnet: "10.5.0.0/24",
              rangeStart: "10.5.0.10",
              rangeEnd: "10.5.0.12",
              gateway: "10.5.0.11",
            }, { subnet: "10.6.0.0/30" }],
            [{ subnet: "192.168.7.0/28", gateway: "192.168.7.14" }],
          ],
          routes: [{ dst: "0.0.0.0/0" }, { dst: "172.16.0.0/12", gw: "10.5.0.1" }],
        });
        for (
          const [command, id] of [["ADD", "a"], ["ADD", "b"], ["ADD", "c"], ["DEL", "a"], [
            "ADD",
            "d",
          ], ["ADD", "e"]]
        ) {
          const { real, ours } = await both.run(env(command, id), config);
          assert.equal(ours.exitCode, real.exitCode, `${command} ${id}`);
          assert.deepEqual(ours.json, real.json, `${command} ${id}`);
        }
        const files = await both.files();
        assert.deepEqual(files.ours, files.real);
      },
    );

    await t.step("a requested address via CNI_ARGS, and the same address twice", async () => {
      const dataDir = await Deno.makeTempDir();
      const both = pair(dataDir);
      const config = conf(dataDir, { ranges: [[{ subnet: "10.0.0.0/24" }]] });
      for (
        const [id, args] of [["a", "IP=10.0.0.77"], ["b", "IP=10.0.0.77"], ["c", ""], [
          "d",
          "IP=10.0.0.1",
        ], ["e", "IP=10.9.9.9"]]
      ) {
        const { real, ours } = await both.run(env("ADD", id, { CNI_ARGS: args }), config);
        assert.equal(ours.exitCode, real.exitCode, `ADD ${id} ${args}`);
        assert.deepEqual(ours.json, real.json, `ADD ${id} ${args}`);
      }
    });

    await t.step(
      "config errors, env errors, version errors and 0.4.0 output give the same JSON",
      async () => {
        const dataDir = await Deno.makeTempDir();
        const both = pair(dataDir);
        const cases: [Env, string][] = [
          [env("ADD", "x"), JSON.stringify({ cniVersion: "1.0.0", name: "pods" })],
          [env("ADD", "x"), conf(dataDir, { ranges: [[{ subnet: "10.0.0.0/31" }]] })],
          [env("ADD", "x"), conf(dataDir, { ranges: [] })],
          [env("ADD", "x"), conf(dataDir, { ranges: [[]] })],
          [
            env("ADD", "x"),
            conf(dataDir, { ranges: [[{ subnet: "10.0.0.0/24", rangeStart: "10.0.1.9" }]] }),
          ],
          [
            env("ADD", "x"),
            conf(dataDir, {
              ranges: [[{ subnet: "10.0.0.0/24", rangeStart: "10.0.0.9", rangeEnd: "10.0.0.3" }]],
            }),
          ],
          [
            env("ADD", "x"),
            conf(dataDir, { ranges: [[{ subnet: "10.0.0.0/24" }], [{ subnet: "10.0.0.0/25" }]] }),
          ],
          [
            env("ADD", "x"),
            conf(dataDir, { ranges: [[{ subnet: "10.0.0.0/24" }, { subnet: "10.0.0.0/25" }]] }),
          ],
          [env("ADD", "x"), conf(dataDir, { ranges: [[{ subnet: "10.0.0.0/24" }]] }, "9.9.9")],
          [env("ADD", "x"), conf(dataDir, { ranges: [[{ subnet: "10.0.0.0/24" }]] }, "0.4.0")],
          [env("ADD", "x"), JSON.stringify({ cniVersion: "1.0.0", ipam: {} })],
          [env("ADD", "bad id!"), conf(dataDir, { ranges: [[{ subnet: "10.0.0.0/24" }]] })],
          [
            env("ADD", "y", { CNI_IFNAME: "eth0123456789abcdef" }),
            conf(dataDir, { ranges: [[{ subnet: "10.0.0.0/24" }]] }),
          ],
          [{ CNI_COMMAND: "ADD", CNI_CONTAINERID: "y" }, "{}"],
          [
            { CNI_COMMAND: "DEL", CNI_CONTAINERID: "y", CNI_IFNAME: "eth0", CNI_PATH: "/x" },
            conf(dataDir, { ranges: [[{ subnet: "10.0.0.0/24" }]] }),
          ],
          [env("FOO", "y"), "{}"],
          [env("STATUS", "y"), conf(dataDir, { ranges: [[{ subnet: "10.0.0.0/24" }]] })],
          [{ CNI_COMMAND: "VERSION" }, "{}"],
        ];
        for (const [vars, stdin] of cases) {
          const { real, ours } = await both.run(vars, stdin);
          const label = `${vars.CNI_COMMAND} ${stdin.slice(0, 120)}`;
          assert.equal(ours.exitCode, real.exitCode, label);
          assert.deepEqual(ours.json, real.json, label);
        }
        // Go's JSON decoder words its message differently; the code (6) must match
        const { real, ours } = await both.run(env("ADD", "x"), "garbage");
        assert.equal(real.json.code, 6);
        assert.equal(ours.json.code, 6);
        assert.equal(ours.exitCode, real.exitCode);
      },
    );

    await t.step(
      "a seeded random sequence of 80 ADD/DEL on a /28 hands out the same addresses",
      async () => {
        const dataDir = await Deno.makeTempDir();
        const both = pair(dataDir);
        const random = new Random(7);
        const config = conf(dataDir, {
          ranges: [[{ subnet: "10.9.0.0/28", rangeStart: "10.9.0.3" }]],
        });
        const live: string[] = [];
        for (let i = 0; i < 80; i++) {
          const del = live.length > 0 && random.bernoulli(0.4);
          const id = del ? live.splice(random.int(0, live.length - 1), 1)[0] : `c${i}`;
          const { real, ours } = await both.run(env(del ? "DEL" : "ADD", id), config);
          assert.deepEqual(ours.json, real.json, `step ${i}`);
          if (!del && real.exitCode === 0) live.push(id);
        }
        const files = await both.files();
        assert.deepEqual(files.ours, files.real);
      },
    );
    await t.step(
      "malformed ranges, a lowercase command: the real binary's code and msg, plus our fix in details",
      async () => {
        const dataDir = await Deno.makeTempDir();
        const both = pair(dataDir);
        const cases: [Record<string, unknown>, RegExp][] = [
          [{ ranges: [{ subnet: "10.0.0.0/24" }] }, /list of range sets/], // one bracket short
          [{ ranges: "10.0.0.0/24" }, /list of range sets/],
          [{ ranges: [[{ subnet: "10.0.0.0/33" }]] }, /prefix length 0–32/],
          [{ ranges: [[{ subnet: "10.0.0.0" }]] }, /prefix length 0–32/],
          [{ ranges: [[{ subnet: "300.0.0.0/24" }]] }, /prefix length 0–32/],
          [{ ranges: [[{ subnet: 10 }]] }, /prefix length 0–32/],
          [
            { ranges: [[{ subnet: "10.0.0.0/24", rangeStart: "10.0.0.5/24" }]] },
            /rangeStart takes an IPv4 address without a prefix length/,
          ],
        ];
        {
          const { real, ours } = await both.run(
            env("add", "x"),
            conf(dataDir, { ranges: [[{ subnet: "10.0.0.0/24" }]] }),
          );
          assert.deepEqual({ code: ours.json.code, msg: ours.json.msg }, real.json);
          assert.equal(ours.json.details, "CNI_COMMAND is upper case: ADD");
        }
        for (const [ipam, fix] of cases) {
          const { real, ours } = await both.run(env("ADD", "x"), conf(dataDir, ipam));
          const label = JSON.stringify(ipam);
          assert.equal(ours.exitCode, real.exitCode, label);
          assert.deepEqual({ code: ours.json.code, msg: ours.json.msg }, real.json, label);
          assert.match(ours.json.details, fix, label); // the real binary gives no details
        }
        await Deno.remove(dataDir, { recursive: true });
      },
    );
  },
});

Deno.test("host-local reports 1.1.0 on VERSION and supports STATUS and GC in the 1.1.0 model", () => {
  const host = new CniHost();
  const ctx = { host, delegate: () => ({ ok: true as const }) };
  const plugin = hostLocal();
  const version = JSON.parse(execCniPlugin(plugin, { CNI_COMMAND: "VERSION" }, "{}", ctx).stdout);
  assert.deepEqual(version, { cniVersion: "1.1.0", supportedVersions: [...V1_1_1, "1.1.0"] });
  const config = {
    cniVersion: "1.1.0",
    name: "n",
    type: "x",
    ipam: { type: "host-local", ranges: [[{ subnet: "10.0.0.0/24" }]] },
  };
  const inv = (id: string) => ({
    containerId: id,
    netns: "/n",
    ifName: "eth0",
    args: "",
    path: "",
  });
  plugin.add(config, inv("a"), ctx);
  plugin.add(config, inv("b"), ctx);
  assert.ok(
    plugin.gc!(
      { ...config, "cni.dev/valid-attachments": [{ containerID: "b", ifname: "eth0" }] },
      ctx,
    ).ok,
  );
  assert.deepEqual(host.list("/var/lib/cni/networks/n").filter((p) => !p.includes("last")), [
    "/var/lib/cni/networks/n/10.0.0.3",
  ]);
  assert.ok(plugin.status!(config, ctx).ok);
});
