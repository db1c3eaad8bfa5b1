import assert from "node:assert/strict";
import { installKernelSpec, kernelSpec } from "./kernelspec.ts";
import { ensurePrerequisites, MissingPrerequisiteError } from "./prerequisites.ts";

Deno.test("ensurePrerequisites() names the missing packages and the command to install them", async () => {
  const missing = [
    { name: "Jupyter Notebook", apt: "jupyter-notebook", present: () => Promise.resolve(false) },
    { name: "tshark", apt: "tshark", present: () => Promise.resolve(false) },
    { name: "fonts", apt: "fonts-dejavu-core", present: () => Promise.resolve(true) },
  ];
  const error = await ensurePrerequisites(missing, () => {}, { apt: false }).then(
    () => undefined,
    (e) => e,
  );
  assert.ok(error instanceof MissingPrerequisiteError);
  assert.match(error.message, /StackLab needs Jupyter Notebook, tshark/);
  assert.match(error.message, /sudo apt-get install -y jupyter-notebook tshark\n/);
  assert.doesNotMatch(error.message, /fonts-dejavu-core/);
});

Deno.test("installKernelSpec() writes kernel.json once and reports no change the second time", async () => {
  const dir = await Deno.makeTempDir();
  const place = { jupyterDataDir: `${dir}/jupyter`, toolsDir: `${dir}/tools` };
  const first = await installKernelSpec(place, "/opt/deno");
  const second = await installKernelSpec(place, "/opt/deno");
  assert.equal(first.changed, true);
  assert.equal(second.changed, false);
  const written = JSON.parse(await Deno.readTextFile(`${first.dir}/kernel.json`));
  assert.deepEqual(written, kernelSpec("/opt/deno"));
  assert.equal(written.argv[0], "/opt/deno");
  assert.equal(written.interrupt_mode, "message");
  assert.equal(written.env.NO_COLOR, "1");
  await Deno.remove(dir, { recursive: true });
});
