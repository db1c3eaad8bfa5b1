import assert from "node:assert/strict";
import { CniRuntime } from "./runtime.ts";
import { CNI_PLUGINS } from "./plugins/mod.ts";
import { ALL_SPEC_VERSIONS, type CniPlugin, ok } from "./plugin.ts";

const LIST = {
  cniVersion: "1.0.0",
  cniVersions: ["1.0.0", "1.1.0"],
  name: "pods",
  plugins: [
    { type: "loopback" },
    {
      type: "bridge",
      isGateway: true,
      isDefaultGateway: true,
      ipMasq: true,
      ipam: { type: "host-local", ranges: [[{ subnet: "10.22.0.0/29" }]] },
    },
    { type: "portmap", capabilities: { portMappings: true } },
  ],
};
const attach = (id: string, extra = {}) => ({
  containerId: id,
  netns: `/run/netns/${id}`,
  ...extra,
});

Deno.test("CniRuntime runs a chain", async (t) => {
  await t.step(
    "ADD runs plugins in order, delegates IPAM, chains prevResult and caches the result",
    () => {
      const runtime = new CniRuntime();
      runtime.host.createNetns("/run/netns/p1");
      const outcome = runtime.add(
        LIST,
        attach("p1", { capabilityArgs: { portMappings: [{ hostPort: 8080, containerPort: 80 }] } }),
      );
      assert.ok(outcome.ok);
      assert.deepEqual(runtime.trace.map((r) => [r.command, r.plugin, r.delegated]), [
        ["ADD", "loopback", false],
        ["ADD", "bridge", false],
        ["ADD", "host-local", true],
        ["ADD", "portmap", false],
      ]);
      // portmap returns prevResult unchanged, so the cached result is bridge's
      assert.equal(outcome.result?.cniVersion, "1.1.0"); // negotiated from cniVersions
      assert.deepEqual(outcome.result?.ips, [{
        address: "10.22.0.2/29",
        gateway: "10.22.0.1",
        interface: 2,
      }]);
      assert.deepEqual(outcome.result?.routes, [{ dst: "0.0.0.0/0", gw: "10.22.0.1" }]);
      assert.ok(runtime.cache.has("pods/p1/eth0"));
      assert.deepEqual(runtime.host.nat.map((r) => `${r.action} ${r.match} ${r.to}`), [
        "MASQUERADE 10.22.0.0/29 ",
        "DNAT 0.0.0.0:8080/tcp 10.22.0.2:80",
      ]);
      assert.deepEqual(runtime.host.netns("host")?.interfaces.get("cni0")?.addresses, [
        "10.22.0.1/29",
      ]);
    },
  );

  await t.step(
    "DEL runs in reverse order, releases the address and the NAT rules; CHECK then fails",
    () => {
      const runtime = new CniRuntime();
      runtime.host.createNetns("/run/netns/p1");
      runtime.add(LIST, attach("p1"));
      assert.ok(runtime.check(LIST, attach("p1")).ok);
      runtime.trace.length = 0;
      assert.ok(runtime.del(LIST, attach("p1")).ok);
      assert.deepEqual(runtime.trace.map((r) => `${r.command} ${r.plugin}`), [
        "DEL portmap",
        "DEL bridge",
        "DEL host-local",
        "DEL loopback",
      ]);
      assert.equal(runtime.host.nat.length, 0);
      assert.deepEqual(runtime.host.list("/var/lib/cni/networks/pods"), [
        "/var/lib/cni/networks/pods/last_reserved_ip.0",
      ]);
      const check = runtime.check(LIST, attach("p1"));
      assert.equal(!check.ok && check.error.code, 3);
      assert.ok(runtime.del(LIST, attach("p1")).ok, "DEL is idempotent");
    },
  );

  await t.step(
    "exhaustion surfaces host-local's error through bridge and leaves no veth behind",
    () => {
      const runtime = new CniRuntime();
      const results = [];
      for (let i = 1; i <= 6; i++) {
        runtime.host.createNetns(`/run/netns/p${i}`);
        results.push(runtime.add(LIST, attach(`p${i}`)));
      }
      assert.deepEqual(results.map((r) => r.ok), [true, true, true, true, true, false]);
      const last = results[5];
      assert.equal(!last.ok && last.error.code, 999);
      assert.equal(runtime.host.netns("/run/netns/p6")?.interfaces.has("eth0"), false);
      assert.equal(
        [...runtime.host.netns("host")!.interfaces.values()].filter((i) => i.kind === "veth")
          .length,
        5,
      );
    },
  );

  await t.step("GC releases addresses of attachments the runtime no longer knows", () => {
    const runtime = new CniRuntime();
    for (const id of ["a", "b"]) {
      runtime.host.createNetns(`/run/netns/${id}`);
      runtime.add(LIST, attach(id));
    }
    runtime.cache.delete("pods/a/eth0"); // the runtime forgot a (e.g. crashed before DEL)
    assert.ok(runtime.gc(LIST).ok);
    assert.deepEqual(
      runtime.host.list("/var/lib/cni/networks/pods").filter((p) => !p.includes("last")),
      [
        "/var/lib/cni/networks/pods/10.22.0.3",
      ],
    );
  });

  await t.step("an unknown plugin type and a bad config are reported clearly", () => {
    const runtime = new CniRuntime();
    runtime.host.createNetns("/run/netns/p1");
    const outcome = runtime.add(
      { cniVersion: "1.1.0", name: "x", plugins: [{ type: "flannel" }] },
      attach("p1"),
    );
    assert.equal(
      !outcome.ok && outcome.error.msg,
      'failed to find plugin "flannel" in path [loopback bridge host-local portmap]',
    );
    const typo = runtime.add(
      { cniVersion: "1.1.0", name: "x", plugins: [{ type: "brige" }] },
      attach("p1"),
    );
    assert.equal(!typo.ok && typo.error.details, 'did you mean "bridge"?');
    assert.throws(
      () => runtime.add({ cniVersion: "1.1", name: "x", plugins: [{ type: "a" }] }, attach("p1")),
      /cniVersion must look like 1\.1\.0/,
    );
    assert.throws(
      () =>
        runtime.add({ cniVersion: "1.1.0", name: "-x", plugins: [{ type: "a" }] }, attach("p1")),
      /name must start with a letter or digit/,
    );
  });

  await t.step("STATUS reports the first plug-in that is not ready (code 50)", () => {
    const down: CniPlugin = {
      name: "down",
      supportedVersions: ALL_SPEC_VERSIONS,
      add: () => ok(),
      del: () => ok(),
      check: () => ok(),
      status: () => ({ ok: false, error: { code: 50, msg: "overlay daemon not running" } }),
    };
    const runtime = new CniRuntime({ registry: { ...CNI_PLUGINS, down: () => down } });
    assert.ok(runtime.status(LIST).ok);
    const status = runtime.status({ ...LIST, plugins: [...LIST.plugins, { type: "down" }] });
    assert.equal(!status.ok && status.error.code, 50);
  });

  await t.step("a learner's plugin plugs into the registry", () => {
    const tagger: CniPlugin = {
      name: "tagger",
      supportedVersions: ALL_SPEC_VERSIONS,
      add: (config) => ok({ ...config.prevResult!, dns: { domain: "lab.local" } }),
      del: () => ok(),
      check: () => ok(),
    };
    const runtime = new CniRuntime({ registry: { ...CNI_PLUGINS, tagger: () => tagger } });
    runtime.host.createNetns("/run/netns/p1");
    const list = { ...LIST, plugins: [...LIST.plugins, { type: "tagger" }] };
    const outcome = runtime.add(list, attach("p1"));
    assert.equal(outcome.ok && outcome.result?.dns.domain, "lab.local");
  });

  await t.step("a missing or misspelled attachment field is a TypeError naming it", () => {
    const runtime = new CniRuntime();
    runtime.host.createNetns("/run/netns/p1");
    assert.throws(() => runtime.add(LIST, { netns: "/run/netns/p1" } as never), {
      name: "TypeError",
      message:
        /Cannot attach to network pods: attachment\.containerId must be string \(got undefined\)/,
    });
    assert.throws(
      () =>
        runtime.add(
          LIST,
          { containerId: "p1", containerID: "p1", netns: "/run/netns/p1" } as never,
        ),
      /attachment\.containerID is not a known option/,
    );
    assert.throws(
      () => runtime.del(LIST, undefined as never),
      /attachment\.containerId must be string/,
    );
    assert.equal(runtime.trace.length, 0); // nothing ran
  });

  await t.step("a misspelled runtime option is named", () => {
    assert.throws(() => new CniRuntime({ registery: {} } as never), {
      name: "TypeError",
      message: /Cannot create a CNI runtime: option registery is not a known option/,
    });
  });

  await t.step("createNetns() wants an absolute path like /run/netns/web-0", () => {
    const runtime = new CniRuntime();
    assert.throws(
      () => runtime.host.createNetns("netns/p1"),
      /the path must be absolute, like "\/run\/netns\/web-0" \(got "netns\/p1"\)/,
    );
  });
});
