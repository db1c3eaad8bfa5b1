/**
 * The grading sandbox: a Jupyter kernelspec whose kernel runs inside bubblewrap.
 *
 * Deno's kernel always runs with every permission (denoland/deno#25692) and
 * `deno jupyter --kernel` rejects permission flags ("unexpected argument
 * '--deny-run'", measured with 2.9.6), so the grader confines the whole kernel
 * process instead. nbclient runs *outside*; only the kernel is inside:
 *
 * ```
 *  nbclient ──TCP (host ports)──▶ launcher (this file, host side)
 *                                   │ unix sockets in a private runtime dir
 *  ┌─ bwrap: own net (only lo), pid, ipc, uts namespaces; --die-with-parent ─┐
 *  │  _sandbox_inner.ts ──TCP 127.0.0.1 (sandbox lo)──▶ front.ts (StackLab)  │
 *  │                                 front.ts ──▶ _seccomp_exec.py ──▶ deno jupyter --kernel │
 *  └──────────────────────────────────────────────────────────────────────────┘
 * ```
 *
 * What the sandbox allows and denies (each denial is proved by a test that
 * grades a hostile submission, `tests/grading_sandbox_test.ts`):
 * - files: `/usr` and `/etc` read-only, the repository read-only with the
 *   source notebook's folder, the submissions folder, the output folder,
 *   `.git`, `tests/` and `build/` hidden (empty read-only tmpfs), a private writable copy of this one submission as
 *   the notebook folder (`<repo>/notebooks` inside), an empty `/tmp`, no
 *   `/root`, `/home` or `/work` beyond the repository;
 * - network: a new network namespace with only loopback (`--unshare-net`);
 * - privileges: an unprivileged user (`nobody` when the grader is root, via
 *   `setpriv`), a user namespace with every capability dropped and no nested
 *   user namespaces (`--cap-drop ALL --disable-userns`), so the learner's code
 *   (which has FFI, like all of Deno's kernel) cannot unmount the masks,
 *   write `/proc/sys` or signal the host;
 * - processes: the kernel is started under a seccomp filter that denies
 *   fork/vfork/clone-without-CLONE_THREAD, ptrace and process_vm_* and the
 *   mount family (`_seccomp_exec.py`); the front process that relays the
 *   hidden tests makes itself undumpable, so its memory is not readable
 *   through `/proc`; own PID namespace, killed with its launcher
 *   (`--die-with-parent`);
 * - memory: a memory cgroup with `memory.limit_in_bytes`/`memory.max` when
 *   the cgroup file system is writable, else the V8 heap limit only
 *   (`DENO_V8_FLAGS=--max-old-space-size`), which is always set.
 *
 * The executed notebook never enters the sandbox: hidden tests reach the
 * kernel only as execute requests, after the learner's earlier cells ran.
 *
 * @module
 */

import { fileURLToPath } from "node:url";
import { splice } from "./_relay.ts";

/** The five Jupyter channels, with their connection-file port fields. */
export const CHANNELS = ["shell", "control", "stdin", "iopub", "hb"] as const;

/** What one sandboxed kernel may see. Written as JSON next to its kernelspec. */
export interface SandboxConfig {
  /** Repository root (read-only inside). */
  repo: string;
  /** The Deno binary that runs the front and the kernel (read-only inside). */
  deno: string;
  /** Host folder with this submission's private copy (writable inside, as `<repo>/notebooks`). */
  workDir: string;
  /** Host folders to hide (mounted over with an empty tmpfs) when they are inside the repository. */
  hide: string[];
  /** Memory limit in MiB for the whole sandbox. @default 1024 */
  memoryMiB?: number;
  /** A memory cgroup folder the launcher joins the sandbox to, if one could be created. */
  cgroup?: string;
  /**
   * Folder for the kernel's runtime folder (sockets, connection file); the grader
   * passes its per-submission folder, which it removes even if the launcher is killed.
   * @default the system temp folder
   */
  runtimeParent?: string;
  /** Deny process creation with the seccomp filter. @default true */
  denySpawn?: boolean;
  /**
   * The unprivileged user the sandbox runs as when the grader is root (bubblewrap
   * run by root would otherwise keep every capability). @default 65534 (nobody)
   */
  uid?: number;
}

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/** Where the sandbox shows the learner's folder: the course's own notebook folder. */
export function notebookFolder(repo: string): string {
  return `${repo}/notebooks`;
}

/**
 * The bubblewrap command line for one kernel.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bwrapArgs } from "./sandbox.ts";
 * const args = bwrapArgs(
 *   { repo: "/course", deno: "/opt/deno/deno", workDir: "/tmp/s1", hide: ["/course/grading"] },
 *   "/tmp/run1",
 * );
 * assert.ok(args.includes("--unshare-net") && args.includes("--die-with-parent"));
 * ```
 */
export function bwrapArgs(config: SandboxConfig, runtimeDir: string): string[] {
  const { repo } = config;
  const inside = notebookFolder(repo);
  const denoDir = config.deno.replace(/\/[^/]*$/, "");
  const args = [
    "--die-with-parent",
    "--new-session",
    "--unshare-user",
    "--disable-userns",
    "--cap-drop",
    "ALL",
    "--unshare-net",
    "--unshare-pid",
    "--unshare-ipc",
    "--unshare-uts",
    "--unshare-cgroup-try",
    "--hostname",
    "grader",
    "--ro-bind",
    "/usr",
    "/usr",
    "--symlink",
    "usr/bin",
    "/bin",
    "--symlink",
    "usr/lib",
    "/lib",
    "--symlink",
    "usr/lib64",
    "/lib64",
    "--symlink",
    "usr/sbin",
    "/sbin",
    "--ro-bind",
    "/etc",
    "/etc",
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--tmpfs",
    "/tmp",
    "--ro-bind",
    denoDir,
    denoDir,
    "--ro-bind",
    repo,
    repo,
  ];
  for (const path of config.hide) {
    if (path === repo || path.startsWith(`${repo}/`)) {
      args.push("--tmpfs", path, "--remount-ro", path);
    }
  }
  args.push("--bind", config.workDir, inside, "--bind", runtimeDir, runtimeDir);
  const memory = config.memoryMiB ?? 1024;
  args.push(
    "--clearenv",
    "--setenv",
    "PATH",
    "/usr/bin:/bin",
    "--setenv",
    "HOME",
    inside,
    "--setenv",
    "DENO_DIR",
    `${runtimeDir}/deno-dir`,
    "--setenv",
    "NO_COLOR",
    "1",
    "--setenv",
    "DENO_V8_FLAGS",
    `--max-old-space-size=${Math.max(64, Math.floor(memory * 0.75))}`,
    "--chdir",
    inside,
  );
  return args;
}

/** The script the front runs instead of `deno` to start the inner kernel. */
function kernelExecScript(config: SandboxConfig): string {
  const python = "/usr/bin/python3";
  const wrap = config.denySpawn === false
    ? `exec "${config.deno}" "$@"`
    : `exec ${python} "${here("./_seccomp_exec.py")}" "${config.deno}" "$@"`;
  return `#!/bin/sh\n${wrap}\n`;
}

async function connectWithRetry(
  options: Deno.UnixConnectOptions,
  deadline: number,
): Promise<Deno.Conn> {
  while (true) {
    try {
      return await Deno.connect(options);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

async function chownTree(path: string, uid: number): Promise<void> {
  await Deno.chown(path, uid, uid);
  const info = await Deno.lstat(path);
  if (!info.isDirectory) return;
  for await (const entry of Deno.readDir(path)) {
    if (!entry.isSymlink) await chownTree(`${path}/${entry.name}`, uid);
  }
}

/**
 * Runs one sandboxed kernel for Jupyter (the kernelspec's argv calls this with
 * `{connection_file}`). Resolves with the sandbox's exit code.
 */
export async function runSandboxedKernel(
  connectionFile: string,
  config: SandboxConfig,
): Promise<number> {
  const outer = JSON.parse(await Deno.readTextFile(connectionFile));
  const runtimeDir = await Deno.makeTempDir({
    prefix: "stacklab-sandbox-",
    dir: config.runtimeParent,
  });
  try {
    return await runInside(outer, runtimeDir, config);
  } finally {
    await Deno.remove(runtimeDir, { recursive: true }).catch(() => {});
  }
}

async function runInside(
  outer: Record<string, string | number>,
  runtimeDir: string,
  config: SandboxConfig,
): Promise<number> {
  await Deno.writeTextFile(
    `${runtimeDir}/connection.json`,
    JSON.stringify({ ...outer, ip: "127.0.0.1", transport: "tcp" }),
  );
  await Deno.writeTextFile(`${runtimeDir}/kernel-exec`, kernelExecScript(config));
  await Deno.chmod(`${runtimeDir}/kernel-exec`, 0o755);
  // As root, hand the writable folders to the unprivileged sandbox user.
  const uid = Deno.uid() === 0 ? (config.uid ?? 65534) : undefined;
  if (uid !== undefined) {
    await chownTree(runtimeDir, uid);
    await chownTree(config.workDir, uid);
  }

  // Host side of the relays: Jupyter's ports → unix sockets in the runtime dir.
  const host = outer.ip === "localhost" ? "127.0.0.1" : outer.ip;
  const listeners = CHANNELS.map((channel) => {
    const listener = Deno.listen({
      hostname: String(host),
      port: Number(outer[`${channel}_port`]),
    });
    (async () => {
      for await (const conn of listener) {
        connectWithRetry(
          { transport: "unix", path: `${runtimeDir}/${channel}.sock` },
          Date.now() + 60_000,
        )
          .then((inner) => splice(conn, inner), () => conn.close());
      }
    })().catch(() => {});
    return listener;
  });

  const inner = [
    config.deno,
    "run",
    "--allow-all",
    "--no-prompt",
    "--quiet",
    "--config",
    `${config.repo}/deno.json`,
    here("./_sandbox_inner.ts"),
    runtimeDir,
  ];
  const bwrap = ["bwrap", ...bwrapArgs(config, runtimeDir), "--", ...inner];
  // Join the memory cgroup before exec'ing bwrap, so every process inside is counted.
  const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
  const join = config.cgroup ? `echo $$ > ${quote(`${config.cgroup}/cgroup.procs`)}; ` : "";
  const drop = uid === undefined
    ? []
    : ["setpriv", `--reuid=${uid}`, `--regid=${uid}`, "--clear-groups", "--"];
  const child = new Deno.Command("sh", {
    args: ["-c", `${join}exec ${[...drop, ...bwrap].map(quote).join(" ")}`],
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  const stop = () => {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  };
  Deno.addSignalListener("SIGTERM", stop);
  Deno.addSignalListener("SIGINT", () => {/* interrupts arrive as messages */});
  const status = await child.status;
  for (const listener of listeners) listener.close();
  return status.code;
}

/**
 * Writes a kernelspec named `name` into `jupyterPath/kernels/` that runs the
 * StackLab kernel in the sandbox described by `config`. Point nbclient at it
 * with `JUPYTER_PATH=jupyterPath`.
 */
export async function writeSandboxKernelspec(
  jupyterPath: string,
  name: string,
  config: SandboxConfig,
): Promise<string> {
  const dir = `${jupyterPath}/kernels/${name}`;
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(`${dir}/sandbox.json`, JSON.stringify(config, null, 2));
  const spec = {
    argv: [
      config.deno,
      "run",
      "--allow-all",
      "--no-prompt",
      "--quiet",
      "--config",
      `${config.repo}/deno.json`,
      here("./sandbox.ts"),
      `${dir}/sandbox.json`,
      "{connection_file}",
    ],
    display_name: "StackLab (grading sandbox)",
    language: "typescript",
    interrupt_mode: "message",
    env: { NO_COLOR: "1", STACKLAB_KERNEL: "1" },
  };
  await Deno.writeTextFile(`${dir}/kernel.json`, JSON.stringify(spec, null, 2));
  return dir;
}

/**
 * Creates a memory cgroup limited to `mebibytes` under this process's own
 * memory cgroup (v1 `memory.limit_in_bytes` or v2 `memory.max`). Returns its
 * folder, or undefined when the cgroup file system is not writable here.
 */
export async function createMemoryCgroup(
  name: string,
  mebibytes: number,
): Promise<string | undefined> {
  const bytes = String(mebibytes * 1024 * 1024);
  try {
    const lines = (await Deno.readTextFile("/proc/self/cgroup")).split("\n");
    const v1 = lines.find((line) => /^\d+:memory:/.test(line));
    if (v1) {
      const dir = `/sys/fs/cgroup/memory${v1.split(":")[2].replace(/\/$/, "")}/${name}`;
      await Deno.mkdir(dir);
      await Deno.writeTextFile(`${dir}/memory.limit_in_bytes`, bytes);
      await Deno.writeTextFile(`${dir}/memory.memsw.limit_in_bytes`, bytes).catch(() => {});
      return dir;
    }
    const v2 = lines.find((line) => line.startsWith("0::"));
    if (v2) {
      const dir = `/sys/fs/cgroup${v2.slice(3).replace(/\/$/, "")}/${name}`;
      await Deno.mkdir(dir);
      await Deno.writeTextFile(`${dir}/memory.max`, bytes);
      await Deno.writeTextFile(`${dir}/memory.swap.max`, "0").catch(() => {});
      return dir;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Removes a cgroup made by {@linkcode createMemoryCgroup}, killing what is left in it. */
export async function removeCgroup(dir: string | undefined): Promise<void> {
  if (!dir) return;
  for (let attempt = 0; attempt < 250; attempt++) {
    const procs = await Deno.readTextFile(`${dir}/cgroup.procs`).catch(() => "");
    for (const pid of procs.split("\n").filter(Boolean)) {
      try {
        Deno.kill(Number(pid), "SIGKILL");
      } catch { /* gone */ }
    }
    try {
      await Deno.remove(dir);
      return;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

if (import.meta.main) {
  const [configFile, connectionFile] = Deno.args;
  if (!configFile || !connectionFile) {
    console.error("Usage: deno run -A src/grading/sandbox.ts SANDBOX_JSON CONNECTION_FILE");
    Deno.exit(2);
  }
  const config: SandboxConfig = JSON.parse(await Deno.readTextFile(configFile));
  Deno.exit(await runSandboxedKernel(connectionFile, config));
}
