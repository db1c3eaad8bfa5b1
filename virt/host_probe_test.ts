import assert from "node:assert/strict";
import { parseCpuFlags, probeHost } from "./host_probe.ts";

Deno.test("parseCpuFlags() reads the x86 flags line and the ARM Features line", () => {
  assert.ok(parseCpuFlags("processor\t: 0\nflags\t\t: fpu svm lm\n").has("svm"));
  assert.ok(parseCpuFlags("Features\t: fp asimd evtstrm\n").has("asimd"));
});

// Writing the fixture needs --allow-write (deno test -A); `deno test --doc` runs without it.
const canWrite = (await Deno.permissions.query({ name: "write" })).state === "granted";

Deno.test({
  name: "probeHost() explains flags from a fixture and tolerates a missing /dev/kvm",
  ignore: !canWrite,
}, async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/cpuinfo`, "processor : 0\nflags : fpu vmx hypervisor\n");
    const probe = await probeHost({ cpuinfoPath: `${dir}/cpuinfo`, kvmPath: `${dir}/kvm` });
    assert.deepEqual([probe.vmx, probe.svm, probe.hypervisor, probe.devKvm], [
      true,
      false,
      true,
      false,
    ]);
    assert.match(probe.notes.join("\n"), /Intel VT-x/);
    assert.match(probe.notes.join("\n"), /already a guest/);
    assert.match(probe.notes.join("\n"), /absent: no KVM here/);
    await Deno.writeTextFile(`${dir}/kvm`, "");
    assert.equal(
      (await probeHost({ cpuinfoPath: `${dir}/cpuinfo`, kvmPath: `${dir}/kvm` })).devKvm,
      true,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("probeHost() on this machine returns notes, never throws", async () => {
  const probe = await probeHost();
  assert.ok(probe.notes.length >= 1);
});
