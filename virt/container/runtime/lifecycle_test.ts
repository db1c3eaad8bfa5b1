import assert from "node:assert/strict";
import { Runtime } from "./lifecycle.ts";
import { runc, runcSpec, sleepBundle } from "./_runc.ts";

const BASE = { ociVersion: "1.0.2" };

Deno.test("oracle: the model allows and refuses the same operations as runc, with the same statuses", async () => {
  const bundle = await sleepBundle();
  if (!bundle) return;
  const id = `stacklab-test-${Deno.pid}`;
  const config = JSON.parse(await Deno.readTextFile(`${bundle}/config.json`));
  const model = new Runtime();
  const steps: [string, () => Promise<unknown>, () => unknown][] = [
    ["create", () => runc(["create", id], bundle), () => model.create(id, { bundle, config })],
    ["start", () => runc(["start", id]), () => model.start(id)],
    ["start again", () => runc(["start", id]), () => model.start(id)],
    ["delete running", () => runc(["delete", id]), () => model.delete(id)],
    ["kill", () => runc(["kill", id, "KILL"]), () => model.kill(id, "KILL")],
    ["kill stopped", () => runc(["kill", id, "KILL"]), () => model.kill(id, "KILL")],
    ["start stopped", () => runc(["start", id]), () => model.start(id)],
    ["delete", () => runc(["delete", id]), () => model.delete(id)],
    ["state deleted", () => runc(["state", id]), () => model.state(id)],
  ];
  let checked = 0;
  try {
    for (const [label, real, ours] of steps) {
      const result = (await real()) as { ok: boolean; stdout: string } | null;
      assert.ok(result, `runc ${label} could not run`);
      checked += 1;
      if (label === "kill") await new Promise((resolve) => setTimeout(resolve, 300));
      let modelOk = true;
      try {
        ours();
      } catch {
        modelOk = false;
      }
      assert.equal(modelOk, result.ok, label);
      if (label === "create" || label === "start" || label === "kill") {
        const state = await runc(["state", id]);
        if (!state?.ok) continue;
        const realState = JSON.parse(state.stdout);
        const ourState = model.state(id);
        assert.equal(ourState.status, realState.status, label);
        for (const key of Object.keys(ourState)) assert.ok(key in realState, `${label}: ${key}`);
        assert.equal(ourState.ociVersion, realState.ociVersion);
      }
    }
    assert.equal(checked, steps.length);
  } finally {
    await runc(["delete", "--force", id]);
    await Deno.remove(bundle, { recursive: true });
  }
});

Deno.test("oracle: create() handles runc spec's namespaces and hostname", async () => {
  const spec = await runcSpec();
  if (!spec) return;
  await Deno.remove(spec.dir, { recursive: true });
  const runtime = new Runtime();
  const state = runtime.create("box", { bundle: spec.dir, config: spec.text });
  const pid = state.pid!;
  assert.equal(runtime.table.hostname(pid), "runc");
  assert.equal(runtime.table.getpid(pid), 1);
  for (const kind of ["net", "ipc", "uts", "mnt", "pid"] as const) {
    assert.notEqual(runtime.table.nsLink(pid, kind), runtime.table.nsLink(1, kind), kind);
  }
  assert.equal(runtime.table.nsLink(pid, "user"), runtime.table.nsLink(1, "user"));
  assert.equal(runtime.cgroups.cgroupOf(pid), "/box");
});

Deno.test("hooks run in the spec's order; poststart/poststop failures are warnings", () => {
  const calls: string[] = [];
  const runtime = new Runtime({
    runHook: (stage, path, state) => {
      calls.push(`${stage}:${state.status}`);
      return path !== "/bin/fail";
    },
  });
  const hook = (path = "/bin/ok") => [{ path }];
  runtime.create("a", {
    bundle: "/b",
    config: {
      ...BASE,
      hooks: {
        poststop: hook(),
        poststart: hook("/bin/fail"),
        startContainer: hook(),
        createContainer: hook(),
        createRuntime: hook(),
        prestart: hook(),
      },
    },
  });
  runtime.start("a");
  assert.equal(runtime.state("a").status, "running");
  runtime.kill("a", "SIGKILL");
  runtime.delete("a");
  assert.deepEqual(calls, [
    "prestart:created",
    "createRuntime:created",
    "createContainer:created",
    "startContainer:created",
    "poststart:running",
    "poststop:stopped",
  ]);
  assert.ok(runtime.events.some((e) => e.what === "warning" && /poststart/.test(e.detail)));
});

Deno.test("a failing createRuntime hook stops and destroys the container", () => {
  const runtime = new Runtime({ runHook: (stage) => stage !== "createRuntime" });
  assert.throws(
    () =>
      runtime.create("a", {
        bundle: "/b",
        config: { ...BASE, hooks: { createRuntime: [{ path: "/x" }] } },
      }),
    /createRuntime hook failed/,
  );
  assert.deepEqual(runtime.list(), []);
  assert.deepEqual(runtime.cgroups.rows().map((r) => r.path), ["/"]);
  assert.deepEqual(runtime.table.pids(), [1, 2]); // init and the runtime
});

Deno.test("create() converts resources into the container's cgroup like runc", () => {
  const runtime = new Runtime();
  const state = runtime.create("web", {
    bundle: "/b",
    config: {
      ...BASE,
      linux: {
        cgroupsPath: "/pods/web",
        resources: {
          cpu: { shares: 1024, quota: 50000, period: 100000 },
          memory: { limit: 268435456 },
          pids: { limit: 64 },
        },
      },
    },
  });
  const read = (file: string) => runtime.cgroups.read("/pods/web", file).trim();
  assert.deepEqual(
    ["cpu.weight", "cpu.max", "memory.max", "pids.max"].map(read),
    ["39", "50000 100000", "268435456", "64"],
  );
  assert.equal(runtime.cgroups.cgroupOf(state.pid!), "/pods/web");
  assert.equal(runtime.cgroups.read("/", "cgroup.subtree_control"), "cpu memory pids\n");
  runtime.kill("web", "SIGKILL");
  runtime.delete("web");
  assert.deepEqual(runtime.cgroups.rows().map((r) => r.path), ["/", "/pods"]);
});

Deno.test("namespaces: user mappings, joining another container's network by path", () => {
  const runtime = new Runtime();
  const a = runtime.create("a", {
    bundle: "/a",
    config: {
      ...BASE,
      linux: {
        namespaces: [{ type: "user" }, { type: "network" }, { type: "pid" }],
        uidMappings: [{ containerID: 0, hostID: 100000, size: 65536 }],
      },
    },
  });
  assert.equal(runtime.table.idToHost(a.pid!, 0), 100000);
  const b = runtime.create("b", {
    bundle: "/b",
    config: {
      ...BASE,
      linux: { namespaces: [{ type: "network", path: `/proc/${a.pid}/ns/net` }, { type: "pid" }] },
    },
  });
  assert.equal(runtime.table.nsLink(b.pid!, "net"), runtime.table.nsLink(a.pid!, "net"));
  assert.notEqual(runtime.table.nsLink(b.pid!, "pid"), runtime.table.nsLink(a.pid!, "pid"));
  assert.throws(
    () =>
      runtime.create("c", {
        bundle: "/c",
        config: { ...BASE, hostname: "c", linux: { namespaces: [] } },
      }),
    /hostname is set without a new uts namespace/,
  );
  assert.throws(() => runtime.state("c"), /container does not exist/);
});

Deno.test("without a PID namespace, kill still ends every process of the container", () => {
  const runtime = new Runtime();
  const state = runtime.create("flat", { bundle: "/b", config: BASE });
  runtime.start("flat");
  const child = runtime.table.clone(state.pid!, { name: "worker" });
  runtime.cgroups.attach("/flat", child.pid);
  runtime.kill("flat", "SIGTERM");
  assert.deepEqual(runtime.table.pids(), [1, 2]);
  runtime.delete("flat");
  assert.deepEqual(runtime.list(), []);
  assert.deepEqual(runtime.cgroups.rows().map((r) => r.path), ["/"]);
});

Deno.test("a config the kernel would refuse leaves nothing behind", () => {
  const runtime = new Runtime();
  assert.throws(
    () =>
      runtime.create("bad", {
        bundle: "/b",
        config: {
          ...BASE,
          linux: {
            namespaces: [{ type: "user" }],
            uidMappings: [
              { containerID: 0, hostID: 1000, size: 10 },
              { containerID: 5, hostID: 2000, size: 1 },
            ],
          },
        },
      }),
    /overlaps/,
  );
  assert.deepEqual(runtime.list(), []);
  assert.deepEqual(runtime.table.pids(), [1, 2]);
});

Deno.test("operations refused in the wrong state keep runc's wording and add the fix", async (t) => {
  const runtime = new Runtime();
  await t.step("an unknown id says to create it first", () => {
    assert.throws(
      () => runtime.start("web"),
      /container does not exist: "web"; known: \[\]; create it first/,
    );
  });
  runtime.create("web", { bundle: "/b", config: BASE });
  await t.step("a misspelled id lists the known ones", () => {
    assert.throws(() => runtime.start("wbe"), /known: \[web\]; check the id/);
  });
  await t.step("delete before stopping says to kill first", () => {
    assert.throws(
      () => runtime.delete("web"),
      /not stopped: created; kill\("web", "SIGKILL"\) it first/,
    );
  });
  runtime.start("web");
  await t.step("start twice says how a running container ends", () => {
    assert.throws(
      () => runtime.start("web"),
      /already running container web; it runs until kill\(\) or exit\(\)/,
    );
  });
  await t.step("an unknown signal is refused, and the container keeps running", () => {
    assert.throws(
      () => runtime.kill("web", "SIGTREM"),
      /unknown signal "SIGTREM"; use a name such as "SIGTERM"/,
    );
    assert.equal(runtime.state("web").status, "running");
  });
  await t.step("signals by number and short name work like runc's parseSignal", () => {
    runtime.kill("web", "usr1");
    assert.equal(runtime.state("web").status, "running");
    runtime.kill("web", 9);
    assert.equal(runtime.state("web").status, "stopped");
  });
  await t.step("kill after stop and start after stop say to delete", () => {
    assert.throws(
      () => runtime.kill("web", "KILL"),
      /container not running: web is stopped; .*delete\("web"\)/,
    );
    assert.throws(() => runtime.start("web"), /delete\("web"\) it, then create it again/);
  });
});

Deno.test("create() explains a config passed without { bundle, config }", () => {
  const runtime = new Runtime();
  assert.throws(
    () => runtime.create("a", BASE as never),
    /the second argument is the config itself; pass \{ bundle: "\/bundles\/a", config \}/,
  );
  assert.throws(
    () => runtime.create("a", { config: BASE } as never),
    /option bundle must be the bundle's absolute path \(got undefined\)/,
  );
  assert.throws(
    () =>
      runtime.create("q", {
        bundle: "/b",
        config: { ...BASE, linux: { resources: { cpu: { quota: 500 } } } },
      }),
    /config.linux.resources gives cpu.max = "500 100000": .*quota 500 µs is below 1000/,
  );
  assert.deepEqual(runtime.list(), []); // nothing half-made is left behind
});

Deno.test("new Runtime() rejects a misspelled option instead of ignoring it", () => {
  assert.throws(() => new Runtime({ cgroup: {} } as never), /option cgroup is not a known option/);
  assert.throws(() => new Runtime({ runHook: true } as never), /option runHook must be a function/);
});
