import assert from "node:assert/strict";
import { parseConfig } from "./config.ts";
import { runcSpec } from "./_runc.ts";

Deno.test("oracle: runc spec's default config.json parses, extra fields kept", async () => {
  const spec = await runcSpec();
  if (!spec) return;
  try {
    const config = parseConfig(spec.text);
    assert.deepEqual(config.linux!.namespaces.map((n) => n.type), [
      "pid",
      "network",
      "ipc",
      "uts",
      "mount",
    ]);
    assert.equal(config.root!.path, "rootfs");
    assert.ok("capabilities" in config.process!); // passed through
    assert.ok("maskedPaths" in config.linux!);
  } finally {
    await Deno.remove(spec.dir, { recursive: true });
  }
});

Deno.test("parseConfig() errors name the field path and the fix", () => {
  assert.throws(() => parseConfig("{"), SyntaxError);
  assert.throws(() => parseConfig("[]"), /expected a JSON object/);
  assert.throws(() => parseConfig({}), /config.ociVersion must be string/);
  assert.throws(
    () => parseConfig({ ociVersion: "1.0.2", linux: { namespaces: [{ type: "netw" }] } }),
    /config.linux.namespaces\[0\].type must be one of/,
  );
  assert.throws(
    () =>
      parseConfig({
        ociVersion: "1.0.2",
        process: { user: { uid: 0, gid: 0 }, args: ["sh"], cwd: "/", env: ["NOEQUALS"] },
      }),
    /config.process.env\[0\]/,
  );
});

Deno.test('parseConfig(): namespace type "net" points to config.json\'s "network"', () => {
  assert.throws(
    () =>
      parseConfig({
        ociVersion: "1.0.2",
        linux: { namespaces: [{ type: "pid" }, { type: "net" }] },
      }),
    /config.linux.namespaces\[1\].type is "net", the \/proc\/<pid>\/ns name; config.json calls it "network"/,
  );
});
