/**
 * Classroom scale without a container engine: runs `binder/postBuild` (what Binder and
 * the hub image's Dockerfile run) on this machine with a temporary prefix, HOME and npm
 * global prefix, then proves:
 *
 * - the kernelspec landed system-wide under `<prefix>/share/jupyter/kernels/stacklab`
 *   (not in the per-user folder a hub's home volume hides), with argv pointing at the
 *   pinned Deno copied under `<prefix>/share/stacklab`, which is Deno DENO_VERSION;
 * - Jupyter finds it through `JUPYTER_PATH=<prefix>/share/jupyter` alone, and nbclient runs
 *   notebook 00 on it — with the kernel process being that pinned Deno;
 * - the hub image's start hook (`binder/stacklab-start`) gives a fresh home a course folder
 *   whose notebooks run on that kernelspec, and never overwrites a learner's notebook.
 *
 * The first run downloads Deno from npm (~40 MB) into build/cache/npm; later runs reuse it.
 */

import assert from "node:assert/strict";
import { executeFiles, type Notebook, outputText } from "@src/notebook/execute.ts";
import { DENO_VERSION } from "@src/setup/params.ts";

const REPO = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const POSTBUILD_TIMEOUT_MS = 180_000;

async function run(
  command: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = POSTBUILD_TIMEOUT_MS,
) {
  const output = await new Deno.Command(command, {
    args,
    env,
    cwd: REPO,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(timeoutMs),
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

Deno.test("binder/postBuild pins Deno with npm and installs the kernelspec system-wide", async (t) => {
  await Deno.mkdir(`${REPO}/build/cache/npm`, { recursive: true });
  // Inside the repo's build/: the probe notebook below needs deno.json from a parent.
  const tmp = await Deno.makeTempDir({ dir: `${REPO}/build`, prefix: "test-postbuild-" });
  const prefix = `${tmp}/prefix`;
  const home = `${tmp}/home`;
  await Deno.mkdir(home);
  // Everything that could point at this machine's real places is pointed into tmp.
  const env: Record<string, string> = {
    HOME: home,
    KERNEL_PREFIX: prefix,
    NB_PYTHON_PREFIX: "",
    XDG_DATA_HOME: `${home}/.local/share`,
    JUPYTER_DATA_DIR: `${home}/.local/share/jupyter`,
    JUPYTER_CONFIG_DIR: `${home}/.jupyter`,
    JUPYTER_RUNTIME_DIR: `${home}/.local/share/jupyter/runtime`,
    JUPYTER_PATH: `${prefix}/share/jupyter`,
    npm_config_prefix: `${tmp}/npm`,
    npm_config_cache: `${REPO}/build/cache/npm`,
    npm_config_update_notifier: "false",
    DENO_DIR: `${home}/.cache/deno`,
  };
  const userSpec = `${Deno.env.get("HOME")}/.local/share/jupyter/kernels/stacklab/kernel.json`;
  const userSpecBefore = await Deno.readTextFile(userSpec).catch(() => undefined);
  try {
    await t.step("postBuild pins the same Deno as src/setup/params.ts", async () => {
      const script = await Deno.readTextFile(`${REPO}/binder/postBuild`);
      assert.equal(/^DENO_VERSION=(\S+)/m.exec(script)?.[1], DENO_VERSION);
      assert.ok(((await Deno.stat(`${REPO}/binder/postBuild`)).mode ?? 0) & 0o100, "executable");
    });

    const pinned = `${prefix}/share/stacklab/deno-${DENO_VERSION}/deno`;
    const specDir = `${prefix}/share/jupyter/kernels/stacklab`;
    await t.step("postBuild runs to the end", async () => {
      const result = await run("bash", ["binder/postBuild"], env);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /Jupyter finds the stacklab kernelspec/);
      assert.ok(await exists(`${tmp}/npm/bin/deno`), "Deno installed under npm's global prefix");
    });

    await t.step("the kernelspec is under the prefix and runs the pinned Deno", async () => {
      const spec = JSON.parse(await Deno.readTextFile(`${specDir}/kernel.json`));
      assert.equal(spec.argv[0], pinned);
      assert.ok(spec.argv.includes(`${REPO}/src/kernel/front.ts`));
      assert.equal(spec.argv.at(-1), "{connection_file}");
      assert.equal(spec.interrupt_mode, "message");
      const version = await run(pinned, ["--version"], env, 10_000);
      assert.match(version.stdout, new RegExp(`^deno ${DENO_VERSION.replaceAll(".", "\\.")} `));
      // Nothing per-user: not in the temp HOME, and the real user's spec is untouched.
      assert.equal(await exists(`${home}/.local/share/jupyter/kernels/stacklab`), false);
      assert.equal(await Deno.readTextFile(userSpec).catch(() => undefined), userSpecBefore);
    });

    await t.step("nbclient runs notebook 00 and a probe on that kernelspec", async () => {
      const probe: Notebook = {
        nbformat: 4,
        nbformat_minor: 5,
        metadata: { kernelspec: { name: "stacklab", display_name: "StackLab" } },
        cells: [{
          cell_type: "code",
          metadata: {},
          source: "console.log(Deno.execPath())",
          outputs: [],
          execution_count: null,
        }],
      };
      await Deno.writeTextFile(`${tmp}/probe.ipynb`, JSON.stringify(probe));
      const reports = await executeFiles(
        [`${REPO}/notebooks/00-start-here.ipynb`, `${tmp}/probe.ipynb`],
        { out: `${tmp}/executed`, env, timeout: 120 },
      );
      for (const report of reports) assert.ok(report.ok, `${report.notebook}: ${report.error}`);
      const executed: Notebook = JSON.parse(await Deno.readTextFile(reports[0].executed));
      const texts = executed.cells.flatMap((cell) => (cell.outputs ?? []).map(outputText));
      assert.ok(texts.some((text) => /StackLab kernel/.test(text)), "the kernelspec's env applies");
      const ran: Notebook = JSON.parse(await Deno.readTextFile(reports[1].executed));
      assert.equal(outputText(ran.cells[0].outputs![0]).trim(), pinned);
    });

    await t.step("the hub start hook makes a course folder that runs", async () => {
      // Outside the repo, so only the hook's links can provide deno.json and the modules.
      const learner = await Deno.makeTempDir({ prefix: "stacklab-learner-" });
      try {
        const hookEnv = { ...env, HOME: learner, STACKLAB_SOURCE: REPO };
        const first = await run("bash", ["binder/stacklab-start", "true"], hookEnv, 30_000);
        assert.equal(first.code, 0, first.stderr);
        const course = `${learner}/stacklab`;
        assert.equal(await Deno.realPath(`${course}/deno.json`), `${REPO}/deno.json`);
        const notebook = `${course}/notebooks/00-start-here.ipynb`;
        assert.equal((await Deno.lstat(notebook)).isSymlink, false, "notebooks are copies");
        // A learner's edit survives the next start.
        await Deno.writeTextFile(
          notebook,
          (await Deno.readTextFile(notebook)).replace(
            "const SEED = 1;",
            "const SEED = 7;",
          ),
        );
        const second = await run("bash", ["binder/stacklab-start", "true"], hookEnv, 30_000);
        assert.equal(second.code, 0, second.stderr);
        assert.match(await Deno.readTextFile(notebook), /const SEED = 7;/);
        const [report] = await executeFiles([notebook], {
          out: `${tmp}/learner-executed`,
          env: hookEnv,
          timeout: 120,
        });
        assert.ok(report.ok, `${notebook}: ${report.error}`);
        const executed: Notebook = JSON.parse(await Deno.readTextFile(report.executed));
        const svg = executed.cells.flatMap((cell) => cell.outputs ?? [])
          .map((output) => (output.data as Record<string, unknown> | undefined)?.["image/svg+xml"])
          .find((value) => value !== undefined);
        assert.match(String(Array.isArray(svg) ? svg.join("") : svg), /seed 7/);
      } finally {
        await Deno.remove(learner, { recursive: true });
      }
    });
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
