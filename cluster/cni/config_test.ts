// Oracle: SPEC.md 1.1.0 §1 "Network configuration format" (field names, types, defaults,
// cniVersions negotiation), and the example list of SPEC.md §1 "Example configuration".
import assert from "node:assert/strict";
import { compareVersions, negotiateVersion, parseNetworkConfigList } from "./config.ts";

Deno.test("parseNetworkConfigList() reads SPEC.md §1 lists and names the bad field", async (t) => {
  await t.step("the spec's example list (bridge + tuning + portmap) parses with defaults", () => {
    const list = parseNetworkConfigList(JSON.stringify({
      cniVersion: "1.1.0",
      cniVersions: ["1.0.0", "1.1.0"],
      name: "dbnet",
      plugins: [
        {
          type: "bridge",
          bridge: "cni0",
          keyA: ["some more", "plugin specific", "configuration"],
          ipam: {
            type: "host-local",
            subnet: "10.1.0.0/16",
            gateway: "10.1.0.1",
            routes: [{ dst: "0.0.0.0/0" }],
          },
          dns: { nameservers: ["10.1.0.1"] },
        },
        { type: "tuning", capabilities: { mac: true }, sysctl: { "net.core.somaxconn": "500" } },
        { type: "portmap", capabilities: { portMappings: true } },
      ],
    }));
    assert.equal(list.disableCheck, false);
    assert.equal(list.disableGC, false);
    assert.deepEqual(list.plugins.map((p) => p.type), ["bridge", "tuning", "portmap"]);
    assert.deepEqual(list.plugins[0].keyA, ["some more", "plugin specific", "configuration"]);
  });
  await t.step("errors: not JSON, wrong types, bad name, no plugins, unknown top-level key", () => {
    assert.throws(() => parseNetworkConfigList("{"), SyntaxError);
    assert.throws(
      () => parseNetworkConfigList({ cniVersion: 1, name: "n", plugins: [{ type: "x" }] }),
      /cniVersion must be string/,
    );
    assert.throws(
      () => parseNetworkConfigList({ cniVersion: "1.1.0", name: "a b", plugins: [{ type: "x" }] }),
      /name must start with a letter or digit/,
    );
    assert.throws(
      () => parseNetworkConfigList({ cniVersion: "1.1.0", name: "n", plugins: [] }),
      /plugins length must be ≥ 1/,
    );
    assert.throws(
      () =>
        parseNetworkConfigList({
          cniVersion: "1.1.0",
          name: "n",
          plugins: [{ type: "x" }],
          disablecheck: true,
        }),
      /disablecheck/,
    );
    assert.throws(
      () =>
        parseNetworkConfigList({
          cniVersion: "1.1.0",
          name: "n",
          plugins: [{ type: "x", capabilities: { mac: "yes" } }],
        }),
      /plugins\[0\]\.capabilities\.mac/,
    );
  });
  await t.step("cniVersions: the highest version the runtime supports wins", () => {
    assert.equal(
      negotiateVersion({ cniVersion: "0.4.0", cniVersions: ["0.4.0", "1.0.0", "2.0.0"] }),
      "1.0.0",
    );
    assert.equal(negotiateVersion({ cniVersion: "0.4.0", cniVersions: ["3.0.0"] }), "0.4.0");
    assert.ok(compareVersions("1.10.0", "1.9.0") > 0);
  });
});

Deno.test("parseNetworkConfigList(): a look-alike key or a single plug-in config gets a 'did you mean'", () => {
  assert.throws(
    () =>
      parseNetworkConfigList({ cniVersion: "1.0.0", name: "pods", plugins: [{ typ: "bridge" }] }),
    {
      name: "TypeError",
      message:
        /plugins\[0\]\.type is missing but plugins\[0\]\.typ is there; did you mean "type"\?/,
    },
  );
  assert.throws(
    () =>
      parseNetworkConfigList({ cniVersion: "1.0.0", name: "pods", plugin: [{ type: "bridge" }] }),
    /plugins is missing but plugin is there; did you mean "plugins"\?/,
  );
  assert.throws(
    () => parseNetworkConfigList({ cniVersion: "1.0.0", name: "pods", type: "bridge" }),
    /a single plug-in's configuration \(type "bridge"\) without plugins; wrap it/,
  );
  // a plugin-specific key far from "type" still gets the schema's message
  assert.throws(
    () =>
      parseNetworkConfigList({ cniVersion: "1.0.0", name: "pods", plugins: [{ bridge: "cni0" }] }),
    /plugins\[0\]\.type must be string/,
  );
});
