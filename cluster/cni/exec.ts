/**
 * The execution protocol boundary: what libcni's `pkg/skel` does in every real plug-in binary
 * before the plug-in's own code runs — read CNI_* environment variables, decode the config on
 * stdin, check the container id, interface name and spec version — and how the outcome becomes
 * stdout and an exit code.
 *
 * SPEC.md 1.1.0 §2 "Execution Protocol" ("Parameters", "Errors") and §5 "Version success".
 *
 * ```
 *  env CNI_COMMAND=ADD CNI_CONTAINERID=p1 CNI_NETNS=/run/netns/p1 CNI_IFNAME=eth0 CNI_PATH=/opt/cni/bin
 *  stdin {"cniVersion":"1.0.0","name":"pods","type":"bridge",…}
 *      │ skel: required vars per command ─ missing → code 4
 *      │       JSON decode              ─ bad     → code 6;  no "name" → code 7
 *      │       container id / ifname    ─ bad     → code 4
 *      │       cniVersion supported?    ─ no      → code 1
 *      ▼ plugin.add(config, invocation) → result JSON, exit 0 | error JSON, exit 1
 * ```
 *
 * `invokeCniPlugin` is the object-level entry the runtime uses; `execCniPlugin` takes the
 * same env and stdin text as the binary, so tests run ours and `/usr/lib/cni/host-local`
 * with identical inputs and compare stdout.
 *
 * @module
 */

import { CNI_ERROR_CODES } from "./errors.ts";
import {
  CNI_COMMANDS,
  type CniCommand,
  type CniContext,
  type CniInvocation,
  type CniOutcome,
  type CniPlugin,
  type CniPluginConfig,
  fail,
} from "./plugin.ts";
import { formatCniResult } from "./result.ts";
import { CniHost } from "./host.ts";

const ENV = CNI_ERROR_CODES.INVALID_ENVIRONMENT;
/** skel `reqForCmd`: which variables each command requires (CNI_ARGS is always optional). */
const REQUIRED: Record<string, readonly string[]> = {
  ADD: ["CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_PATH"],
  CHECK: ["CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_PATH"],
  DEL: ["CNI_CONTAINERID", "CNI_IFNAME", "CNI_PATH"],
};

/** SPEC.md §2 "CNI_CONTAINERID": alphanumeric, then [A-Za-z0-9_.-] (pkg/utils ValidateContainerID). */
const CONTAINER_ID = /^[a-zA-Z0-9][a-zA-Z0-9_.\-]*$/;

/**
 * Check a container id and interface name as skel does; undefined when both are fine.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { validateInvocation } from "./exec.ts";
 * assert.equal(validateInvocation({ containerId: "p1", ifName: "eth0" }), undefined);
 * const tooLong = validateInvocation({ containerId: "p1", ifName: "a-very-long-name0" });
 * assert.equal(tooLong?.ok === false && tooLong.error.code, 4);
 * ```
 */
export function validateInvocation(
  inv: { containerId: string; ifName: string },
): CniOutcome | undefined {
  if (inv.containerId === "") return fail(ENV, "missing containerID");
  if (!CONTAINER_ID.test(inv.containerId)) {
    return fail(ENV, "invalid characters in containerID", inv.containerId);
  }
  // pkg/utils ValidateInterfaceName: not empty, < 16 bytes (IFNAMSIZ), not . or .., no / : whitespace
  if (inv.ifName === "") return fail(ENV, "interface name is empty");
  if (inv.ifName.length > 15) {
    return fail(
      ENV,
      "interface name is too long",
      "interface name should be less than 16 characters",
    );
  }
  if (inv.ifName === "." || inv.ifName === "..") return fail(ENV, "interface name is . or ..");
  if (/[/:\s]/.test(inv.ifName)) {
    return fail(ENV, "interface name contains / or : or whitespace characters");
  }
  return undefined;
}

/**
 * Run one command on a plugin object with skel's checks (name, container id, ifname, version).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { invokeCniPlugin } from "./exec.ts";
 * import { CniHost } from "./host.ts";
 * import { loopback } from "./plugins/loopback.ts";
 * const ctx = { host: new CniHost(), delegate: () => ({ ok: true as const }) };
 * ctx.host.createNetns("/run/netns/p1");
 * const inv = { containerId: "p1", netns: "/run/netns/p1", ifName: "lo", args: "", path: "" };
 * const bad = invokeCniPlugin(loopback(), "ADD", { cniVersion: "9.9.9", name: "lo", type: "loopback" }, inv, ctx);
 * assert.equal(!bad.ok && bad.error.code, 1);
 * ```
 */
export function invokeCniPlugin(
  plugin: CniPlugin,
  command: Exclude<CniCommand, "VERSION" | "GC">,
  config: CniPluginConfig,
  invocation: CniInvocation,
  ctx: CniContext,
): CniOutcome {
  if (!config.name) return fail(CNI_ERROR_CODES.INVALID_NETWORK_CONFIG, "missing network name");
  if (command !== "STATUS") {
    const invalid = validateInvocation(invocation);
    if (invalid) return invalid;
  }
  if (!plugin.supportedVersions.includes(config.cniVersion)) {
    return fail(
      CNI_ERROR_CODES.INCOMPATIBLE_VERSION,
      "incompatible CNI versions",
      `config is "${config.cniVersion}", plugin supports [${
        plugin.supportedVersions.map((v) => `"${v}"`).join(" ")
      }]`,
    );
  }
  const outcome = (() => {
    switch (command) {
      case "ADD":
        return plugin.add(config, invocation, ctx);
      case "DEL":
        return plugin.del(config, invocation, ctx);
      case "CHECK":
        return plugin.check(config, invocation, ctx);
      case "STATUS":
        return plugin.status
          ? plugin.status(config, ctx)
          : fail(ENV, "unknown CNI_COMMAND: STATUS");
    }
  })();
  // A hand-written plug-in that returns the bare result (or nothing) instead of an outcome:
  // say so here rather than failing later on `outcome.error.msg` of undefined.
  const shaped = outcome as Partial<CniOutcome> | undefined;
  if (
    typeof shaped?.ok !== "boolean" ||
    (shaped.ok === false &&
      typeof (shaped as { error?: { msg?: unknown } }).error?.msg !== "string")
  ) {
    const got = outcome === undefined ? "undefined" : JSON.stringify(outcome)?.slice(0, 60);
    return fail(
      CNI_ERROR_CODES.INTERNAL,
      `plugin ${plugin.name} ${command} returned ${got}, not an outcome`,
      "return ok(result) on success or fail(code, msg) on error (from cluster/cni/plugin.ts)",
    );
  }
  return outcome;
}

/**
 * What a plug-in binary leaves behind: its exit code and stdout.
 *
 * @example
 * ```ts
 * import type { CniExecResult } from "./exec.ts";
 * const failed: CniExecResult = { exitCode: 1, stdout: '{"code": 4, "msg": "required env variables [CNI_NETNS] missing"}' };
 * ```
 */
export interface CniExecResult {
  /** 0 on success, 1 on error (skel `PluginMain`). */
  readonly exitCode: number;
  /** Result, version or error JSON; empty for a successful DEL or CHECK. */
  readonly stdout: string;
}

/**
 * Run a plugin object as its binary would run: CNI_* environment variables and stdin text in,
 * exit code and stdout out. Output is indented like skel's (4 spaces).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { execCniPlugin } from "./exec.ts";
 * import { CniHost } from "./host.ts";
 * import { hostLocal } from "./plugins/host_local.ts";
 * const ctx = { host: new CniHost(), delegate: () => ({ ok: true as const }) };
 * const out = execCniPlugin(hostLocal(), { CNI_COMMAND: "VERSION" }, "{}", ctx);
 * assert.equal(JSON.parse(out.stdout).cniVersion, "1.1.0");
 * const missing = execCniPlugin(hostLocal(), { CNI_COMMAND: "ADD" }, "{}", ctx);
 * assert.equal(JSON.parse(missing.stdout).code, 4);
 * ```
 */
export function execCniPlugin(
  plugin: CniPlugin,
  env: Readonly<Record<string, string | undefined>>,
  stdin: string,
  ctx: CniContext,
): CniExecResult {
  // A wrong argument here is a notebook bug, not a plug-in error: throw, naming the fix.
  if (typeof plugin?.add !== "function" || !Array.isArray(plugin?.supportedVersions)) {
    throw new TypeError(
      `Cannot exec a CNI plug-in: plugin must be a CniPlugin object (got ${typeof plugin}); ${
        typeof plugin === "function"
          ? "call the factory first, e.g. hostLocal()"
          : "e.g. hostLocal()"
      }`,
    );
  }
  if (typeof env !== "object" || env === null) {
    throw new TypeError(
      `Cannot exec a CNI plug-in: env must be an object of CNI_* variables (got ${env}); e.g. { CNI_COMMAND: "ADD", CNI_CONTAINERID: "c1", … }`,
    );
  }
  if (typeof stdin !== "string") {
    throw new TypeError(
      `Cannot exec a CNI plug-in: stdin must be the config as JSON text (got ${typeof stdin}); pass JSON.stringify(config)`,
    );
  }
  if (!(ctx?.host instanceof CniHost) || typeof ctx?.delegate !== "function") {
    throw new TypeError(
      "Cannot exec a CNI plug-in: ctx must be { host, delegate } (got " +
        `${
          ctx === undefined ? "undefined" : "an object without them"
        }); e.g. { host: new CniHost(), delegate: () => ({ ok: true }) }`,
    );
  }
  const print = (value: unknown, exitCode: number) => ({
    exitCode,
    stdout: JSON.stringify(value, null, 4),
  });
  const failed = (outcome: CniOutcome) => print((outcome as { error: unknown }).error, 1);
  const command = env.CNI_COMMAND;
  if (!command) return failed(fail(ENV, "required env variables [CNI_COMMAND] missing"));
  const missing = (REQUIRED[command] ?? []).filter((name) => !env[name]);
  if (missing.length > 0) {
    return failed(fail(ENV, `required env variables [${missing.join(",")}] missing`));
  }
  if (command === "VERSION") {
    const versions = plugin.supportedVersions;
    return {
      exitCode: 0,
      stdout: JSON.stringify({ cniVersion: versions.at(-1), supportedVersions: versions }),
    };
  }
  let config: CniPluginConfig;
  try {
    config = JSON.parse(stdin);
  } catch (error) {
    return failed(
      fail(
        CNI_ERROR_CODES.DECODE_FAILURE,
        `error unmarshall network config: ${(error as Error).message}`,
      ),
    );
  }
  // skel validateConfig runs before the command switch: a nameless config is code 7 even for FOO
  if (!config?.name) {
    return failed(fail(CNI_ERROR_CODES.INVALID_NETWORK_CONFIG, "missing network name"));
  }
  const known = (CNI_COMMANDS as readonly string[]).includes(command) && command !== "GC";
  if (!known || (command === "STATUS" && !plugin.status)) {
    // skel's msg; the details (ours, the binary prints none) name the spelling that would work
    const upper = command.toUpperCase();
    const hint = upper !== command && (CNI_COMMANDS as readonly string[]).includes(upper)
      ? `CNI_COMMAND is upper case: ${upper}`
      : undefined;
    return failed(fail(ENV, `unknown CNI_COMMAND: ${command}`, hint));
  }
  const invocation: CniInvocation = {
    containerId: env.CNI_CONTAINERID ?? "",
    netns: env.CNI_NETNS ?? "",
    ifName: env.CNI_IFNAME ?? "",
    args: env.CNI_ARGS ?? "",
    path: env.CNI_PATH ?? "",
  };
  const outcome = invokeCniPlugin(plugin, command as "ADD", config, invocation, ctx);
  if (!outcome.ok) return failed(outcome);
  if (!outcome.result) return { exitCode: 0, stdout: "" };
  return print(formatCniResult(outcome.result, config.cniVersion), 0);
}
