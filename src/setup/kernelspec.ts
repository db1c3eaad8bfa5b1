/**
 * The StackLab kernelspec: what Jupyter runs when a learner picks
 * "StackLab (Deno x.y.z)". It starts the front process (`src/kernel/front.ts`)
 * with a pinned Deno copied to a stable place, so the kernel keeps working
 * after npm's cache is cleaned.
 *
 * Kernelspec format: jupyter-client docs, "Kernel specs" (`argv` with
 * `{connection_file}`, `display_name`, `language`, `interrupt_mode`, `env`).
 * `interrupt_mode: "message"` makes Interrupt a control-channel message, which
 * stops a runaway cell and keeps the kernel's state (KERNEL-FACTS).
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { DENO_VERSION, KERNEL_NAME } from "./params.ts";

/** The repository root (the folder holding deno.json). */
export const REPO = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");

/** Where a kernelspec and the pinned Deno go. */
export interface InstallPlace {
  /** Jupyter data dir whose `kernels/` receives the spec. */
  jupyterDataDir: string;
  /** Folder that holds the pinned Deno copy. */
  toolsDir: string;
}

/**
 * The per-user place (`~/.local/share/jupyter`), or a prefix for a
 * system-wide install (`/usr/local` → `/usr/local/share/jupyter`), which hub
 * images need because home volumes hide `~/.local`.
 *
 * @example
 * ```ts
 * import { installPlace } from "./kernelspec.ts";
 * console.assert(installPlace("/usr/local").jupyterDataDir === "/usr/local/share/jupyter");
 * ```
 */
export function installPlace(prefix?: string): InstallPlace {
  if (prefix) {
    return { jupyterDataDir: `${prefix}/share/jupyter`, toolsDir: `${prefix}/share/stacklab` };
  }
  const home = Deno.env.get("HOME") ?? "/tmp";
  const data = Deno.env.get("XDG_DATA_HOME") ?? `${home}/.local/share`;
  return {
    jupyterDataDir: Deno.env.get("JUPYTER_DATA_DIR") ?? `${data}/jupyter`,
    toolsDir: `${data}/stacklab`,
  };
}

/**
 * The kernel.json StackLab installs.
 *
 * @example
 * ```ts
 * import { kernelSpec } from "./kernelspec.ts";
 * const spec = kernelSpec("/opt/deno", "/work/course");
 * console.assert(spec.interrupt_mode === "message" && spec.argv.at(-1) === "{connection_file}");
 * ```
 */
export function kernelSpec(denoPath: string, repo = REPO) {
  return {
    argv: [
      denoPath,
      "run",
      "--allow-all",
      "--no-prompt",
      "--quiet",
      "--config",
      `${repo}/deno.json`,
      `${repo}/src/kernel/front.ts`,
      "{connection_file}",
    ],
    display_name: `StackLab (Deno ${DENO_VERSION})`,
    language: "typescript",
    interrupt_mode: "message",
    env: { NO_COLOR: "1", STACKLAB_KERNEL: "1" },
    metadata: { stacklab: { repo, deno: DENO_VERSION } },
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Copies the running Deno to `toolsDir/deno-VERSION/deno` unless it is there.
 * Returns the path and whether anything was copied.
 */
export async function pinDeno(place: InstallPlace): Promise<{ path: string; changed: boolean }> {
  const target = `${place.toolsDir}/deno-${DENO_VERSION}/deno`;
  const source = await Deno.realPath(Deno.execPath());
  if (source === target) return { path: target, changed: false };
  if (await exists(target)) {
    const [a, b] = await Promise.all([Deno.stat(source), Deno.stat(target)]);
    if (a.size === b.size) return { path: target, changed: false };
  }
  await Deno.mkdir(`${place.toolsDir}/deno-${DENO_VERSION}`, { recursive: true });
  const partial = `${target}.partial`;
  await Deno.copyFile(source, partial);
  await Deno.chmod(partial, 0o755);
  await Deno.rename(partial, target);
  return { path: target, changed: true };
}

/**
 * Writes `kernels/stacklab/kernel.json` if its content differs. Returns the
 * spec folder and whether it changed.
 */
export async function installKernelSpec(
  place: InstallPlace,
  denoPath: string,
): Promise<{ dir: string; changed: boolean }> {
  const dir = `${place.jupyterDataDir}/kernels/${KERNEL_NAME}`;
  const text = JSON.stringify(kernelSpec(denoPath), null, 2) + "\n";
  const current = await Deno.readTextFile(`${dir}/kernel.json`).catch(() => "");
  if (current === text) return { dir, changed: false };
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(`${dir}/kernel.json`, text);
  return { dir, changed: true };
}
