/**
 * Prerequisites outside npm: Jupyter (Notebook, nbconvert, nbclient), fonts,
 * and the test oracles. Checks first (fast, so a second run installs nothing),
 * installs with apt-get when it can (root, or password-less sudo), and
 * otherwise stops with the exact command to run — never a stack trace.
 *
 * @module
 */

import { jupyterPython } from "../notebook/execute.ts";
import { onPath, run } from "./_command.ts";

/** One thing StackLab needs and how to tell whether it is there. */
export interface Prerequisite {
  /** What a learner would call it. */
  name: string;
  /** Debian/Ubuntu package that provides it. */
  apt: string;
  /** True when it is usable now. */
  present: () => Promise<boolean>;
}

const pythonHas = (module: string) => async () =>
  (await run(jupyterPython(), ["-c", `import ${module}`])).code === 0;
const fileExists = (path: string) => async () => {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
};

/** Everything the notebooks need, by apt package. */
export const RUN_PREREQUISITES: Prerequisite[] = [
  { name: "Jupyter Notebook", apt: "jupyter-notebook", present: () => onPath("jupyter-notebook") },
  { name: "nbconvert", apt: "jupyter-nbconvert", present: () => onPath("jupyter-nbconvert") },
  { name: "nbclient", apt: "python3-nbclient", present: pythonHas("nbclient") },
  {
    name: "DejaVu fonts",
    apt: "fonts-dejavu-core",
    present: fileExists("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
  },
];

/** What the tests add: independent oracles. */
export const TEST_PREREQUISITES: Prerequisite[] = [
  { name: "tshark", apt: "tshark", present: () => onPath("tshark") },
  { name: "bubblewrap", apt: "bubblewrap", present: () => onPath("bwrap") },
  { name: "umoci", apt: "umoci", present: () => onPath("umoci") },
  { name: "skopeo", apt: "skopeo", present: () => onPath("skopeo") },
  { name: "runc", apt: "runc", present: () => onPath("runc") },
  {
    name: "CNI plugins",
    apt: "containernetworking-plugins",
    present: fileExists("/usr/lib/cni/host-local"),
  },
];

/** Thrown when something is missing and cannot be installed from here. */
export class MissingPrerequisiteError extends Error {
  override name = "MissingPrerequisiteError";
}

async function aptRunner(): Promise<string[] | undefined> {
  if (!(await onPath("apt-get"))) return undefined;
  if (Deno.uid() === 0) return [];
  if ((await run("sudo", ["-n", "true"])).code === 0) return ["sudo", "-n"];
  return undefined;
}

/**
 * Makes sure every prerequisite is present, installing the missing ones with
 * apt-get (unless `options.apt` is false). Returns the names it installed
 * (empty on a second run).
 *
 * @example
 * ```ts
 * import { ensurePrerequisites } from "./prerequisites.ts";
 * const present = { name: "sh", apt: "dash", present: () => Promise.resolve(true) };
 * console.assert((await ensurePrerequisites([present], () => {})).length === 0);
 * ```
 */
export async function ensurePrerequisites(
  wanted: Prerequisite[],
  log: (line: string) => void = console.log,
  options: { apt?: boolean } = {},
): Promise<string[]> {
  const checks = await Promise.all(wanted.map((item) => item.present()));
  const missing = wanted.filter((_, i) => !checks[i]);
  if (missing.length === 0) return [];
  const packages = [...new Set(missing.map((item) => item.apt))];
  const names = missing.map((item) => item.name).join(", ");
  const runner = options.apt === false ? undefined : await aptRunner();
  if (!runner) {
    throw new MissingPrerequisiteError(
      `StackLab needs ${names}, which this command cannot install here ` +
        `(it needs apt-get and root or password-less sudo).\n` +
        `Install them, then run the same command again:\n` +
        `  sudo apt-get update && sudo apt-get install -y ${packages.join(" ")}\n` +
        `On a system without apt, install Jupyter Notebook 6 or 7, nbconvert and nbclient ` +
        `with your package manager (or: python3 -m pip install notebook nbconvert nbclient)` +
        (packages.includes("tshark") ? " and Wireshark's tshark." : "."),
    );
  }
  log(`Installing ${names} (apt-get install ${packages.join(" ")}) …`);
  const [sudo, ...sudoArgs] = runner.length ? runner : ["env"];
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  const update = await run(sudo, [...sudoArgs, "apt-get", "update", "-q"], { env });
  const install = await run(sudo, [...sudoArgs, "apt-get", "install", "-y", "-q", ...packages], {
    env,
  });
  if (install.code !== 0) {
    const detail = (install.stderr || update.stderr).trim().split("\n").slice(-3).join("\n");
    throw new MissingPrerequisiteError(
      `apt-get could not install ${packages.join(" ")}:\n${detail}\n` +
        `Check the network and the apt sources, then run the same command again.`,
    );
  }
  return missing.map((item) => item.name);
}
