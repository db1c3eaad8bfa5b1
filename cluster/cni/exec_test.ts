import assert from "node:assert/strict";
import { execCniPlugin, invokeCniPlugin } from "./exec.ts";
import { ALL_SPEC_VERSIONS, type CniPlugin, ok } from "./plugin.ts";
import { CniHost } from "./host.ts";
import { hostLocal } from "./plugins/host_local.ts";

const ctx = { host: new CniHost(), delegate: () => ({ ok: true as const }) };
const env = (command: string) => ({
  CNI_COMMAND: command,
  CNI_CONTAINERID: "a",
  CNI_NETNS: "/dev/null",
  CNI_IFNAME: "eth0",
  CNI_PATH: "/opt/cni/bin",
});
const config = JSON.stringify({
  cniVersion: "1.0.0",
  name: "demo",
  type: "bridge",
  ipam: { type: "host-local", ranges: [[{ subnet: "10.99.0.0/30" }]] },
});

Deno.test("execCniPlugin()", async (t) => {
  await t.step("a lowercase CNI_COMMAND is skel's code 4 'unknown CNI_COMMAND'", () => {
    // libcni pkg/skel: unknown commands are ErrInvalidEnvironmentVariables (4)
    const out = execCniPlugin(hostLocal(), env("add"), config, ctx);
    assert.equal(out.exitCode, 1);
    // the real binary prints {code: 4, msg: "unknown CNI_COMMAND: add"}; the model adds details
    assert.deepEqual(JSON.parse(out.stdout), {
      code: 4,
      msg: "unknown CNI_COMMAND: add",
      details: "CNI_COMMAND is upper case: ADD",
    });
  });

  await t.step(
    "a factory instead of a plug-in, a config object, no ctx: TypeErrors with the fix",
    () => {
      assert.throws(() => execCniPlugin(hostLocal as never, env("ADD"), config, ctx), {
        name: "TypeError",
        message: /plugin must be a CniPlugin object \(got function\); call the factory first/,
      });
      assert.throws(
        () => execCniPlugin(hostLocal(), env("ADD"), JSON.parse(config), ctx),
        /stdin must be the config as JSON text \(got object\); pass JSON\.stringify\(config\)/,
      );
      assert.throws(
        () => execCniPlugin(hostLocal(), env("ADD"), config, undefined as never),
        /ctx must be \{ host, delegate \} \(got undefined\)/,
      );
    },
  );
});

Deno.test("invokeCniPlugin(): a plug-in returning the bare result gets a message saying ok(result)", () => {
  const host = new CniHost();
  host.createNetns("/run/netns/p1");
  const bare: CniPlugin = {
    name: "bare",
    supportedVersions: ALL_SPEC_VERSIONS,
    add: () => ({ cniVersion: "1.1.0", dns: {} }) as never, // forgot ok(…)
    del: () => ok(),
    check: () => ok(),
  };
  const inv = { containerId: "p1", netns: "/run/netns/p1", ifName: "eth0", args: "", path: "" };
  const outcome = invokeCniPlugin(
    bare,
    "ADD",
    { cniVersion: "1.1.0", name: "n", type: "bare" },
    inv,
    {
      host,
      delegate: () => ok(),
    },
  );
  assert.deepEqual(outcome, {
    ok: false,
    error: {
      code: 999,
      msg: 'plugin bare ADD returned {"cniVersion":"1.1.0","dns":{}}, not an outcome',
      details:
        "return ok(result) on success or fail(code, msg) on error (from cluster/cni/plugin.ts)",
    },
  });
});
