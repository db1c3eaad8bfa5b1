/**
 * From image to runtime bundle (image-spec `conversion.md`): a bundle is a directory with the
 * root filesystem (all layers applied, layer.md) and a `config.json` for the runtime
 * (runtime-spec `config.md`). `runtimeConfig(imageConfig, {rootfs})` does the conversion:
 *
 * ```
 *   image config                      runtime config.json
 *   config.Entrypoint + config.Cmd ─► process.args          (Cmd appended to Entrypoint)
 *   config.Env                     ─► process.env           (verbatim)
 *   config.WorkingDir              ─► process.cwd           (default "/")
 *   config.User "uid[:gid]"        ─► process.user.uid/gid  (names via rootfs /etc/passwd, /etc/group)
 *   os, architecture, author, created, config.StopSignal, config.ExposedPorts
 *                                  ─► annotations org.opencontainers.image.*
 *   config.Labels                  ─► annotations           (win over the implicit ones)
 *   config.Volumes                 ─► mounts                (tmpfs here; "implementation-defined")
 * ```
 *
 * `unpackBundle(image)` returns both halves; `writeTree` (overlay/disk.ts) puts the rootfs on disk.
 *
 * @module
 */

import { applyLayers } from "../overlay/changeset.ts";
import type { FsTree } from "../overlay/tree.ts";
import type { ImageConfig } from "./config.ts";
import type { TarEntry } from "./tar.ts";

/**
 * The runtime configuration this conversion produces (a subset of runtime-spec config.md).
 *
 * @example
 * ```ts
 * import type { RuntimeConfig } from "./bundle.ts";
 * type Args = RuntimeConfig["process"]["args"];
 * ```
 */
export interface RuntimeConfig {
  /** runtime-spec version. */
  readonly ociVersion: string;
  /** The container's process. */
  readonly process: {
    readonly terminal: boolean;
    readonly user: { readonly uid: number; readonly gid: number };
    readonly args: string[];
    readonly env: string[];
    readonly cwd: string;
  };
  /** The root filesystem, relative to the bundle. */
  readonly root: { readonly path: string; readonly readonly: boolean };
  /** Mounts for `config.Volumes`. */
  readonly mounts: { destination: string; type: string; source: string; options: string[] }[];
  /** Annotations from the config. */
  readonly annotations: Record<string, string>;
}

/** Lines of an /etc/passwd or /etc/group file in the tree, split at ":". */
function table(rootfs: FsTree | undefined, path: string): string[][] {
  const content = rootfs?.get(path)?.content;
  if (!content) return [];
  return new TextDecoder().decode(content).split("\n").filter((line) =>
    line && !line.startsWith("#")
  )
    .map((line) => line.split(":"));
}

/**
 * `Config.User` → uid and gid (conversion.md "Config.User"): numbers are copied; names are looked
 * up in the rootfs's /etc/passwd (name:x:uid:gid:…) and /etc/group (name:x:gid:…); a name that
 * is not there is an error ("MUST return an error"). Empty → 0:0 (implementation-defined).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveUser } from "./bundle.ts";
 * import { treeFromEntries } from "../overlay/tree.ts";
 * assert.deepEqual(resolveUser("1000:50"), { uid: 1000, gid: 50 });
 * const rootfs = treeFromEntries([{ path: "etc/passwd", type: "file", content: new TextEncoder().encode("ada:x:1001:100::/home/ada:/bin/sh\n") }]);
 * assert.deepEqual(resolveUser("ada", rootfs), { uid: 1001, gid: 100 });
 * assert.throws(() => resolveUser("bob", rootfs), /bob is not in \/etc\/passwd/);
 * ```
 */
export function resolveUser(
  user: string | undefined,
  rootfs?: FsTree,
): { uid: number; gid: number } {
  if (!user) return { uid: 0, gid: 0 };
  const [name, group] = user.split(":", 2);
  const passwd = table(rootfs, "etc/passwd");
  let uid: number;
  let gid = 0;
  if (/^\d+$/.test(name)) {
    uid = Number(name);
    const row = passwd.find((r) => r[2] === name); // a numeric user keeps its passwd group if any
    if (row) gid = Number(row[3]);
  } else {
    const row = passwd.find((r) => r[0] === name);
    if (!row) {
      throw new RangeError(
        `Cannot convert Config.User ${
          JSON.stringify(user)
        }: ${name} is not in /etc/passwd of the rootfs; use a numeric uid or add the user in a layer`,
      );
    }
    uid = Number(row[2]);
    gid = Number(row[3]);
  }
  if (group !== undefined) {
    if (/^\d+$/.test(group)) gid = Number(group);
    else {
      const row = table(rootfs, "etc/group").find((r) => r[0] === group);
      if (!row) {
        throw new RangeError(
          `Cannot convert Config.User ${
            JSON.stringify(user)
          }: group ${group} is not in /etc/group of the rootfs; use a numeric gid`,
        );
      }
      gid = Number(row[2]);
    }
  }
  return { uid, gid };
}

/**
 * Convert an image config to a runtime config (conversion.md). `rootfs` is needed only for
 * user and group names.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runtimeConfig } from "./bundle.ts";
 * const config = runtimeConfig({
 *   architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [] },
 *   config: { Entrypoint: ["/bin/sh", "-c"], Cmd: ["echo hi"], Env: ["PATH=/bin"], User: "7", Labels: { team: "lab" }, ExposedPorts: { "80/tcp": {}, "53/udp": {} } },
 * });
 * assert.deepEqual(config.process.args, ["/bin/sh", "-c", "echo hi"]);
 * assert.deepEqual(config.process.user, { uid: 7, gid: 0 });
 * assert.equal(config.annotations["org.opencontainers.image.exposedPorts"], "80/tcp,53/udp");
 * assert.equal(config.annotations.team, "lab");
 * ```
 */
export function runtimeConfig(
  image: ImageConfig,
  options: { rootfs?: FsTree } = {},
): RuntimeConfig {
  if (typeof image !== "object" || image === null || typeof image.os !== "string") {
    throw new TypeError(
      "Cannot convert image config: expected an object with os, architecture and rootfs (an ImageConfig)",
    );
  }
  const c = image.config ?? {};
  for (const field of ["Entrypoint", "Cmd", "Env"] as const) {
    const value: unknown = c[field];
    if (
      value !== undefined && (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
    ) {
      throw new TypeError(
        `Cannot convert image config: config.${field} must be an array of strings (got ${
          JSON.stringify(value)
        }); write e.g. ${field}: ${field === "Env" ? '["PATH=/bin"]' : '["nginx", "-t"]'}`,
      );
    }
  }
  const implicit: Record<string, string | undefined> = {
    "org.opencontainers.image.os": image.os,
    "org.opencontainers.image.architecture": image.architecture,
    "org.opencontainers.image.author": image.author,
    "org.opencontainers.image.created": image.created,
    "org.opencontainers.image.stopSignal": c.StopSignal,
    "org.opencontainers.image.exposedPorts": c.ExposedPorts
      ? Object.keys(c.ExposedPorts).join(",")
      : undefined,
  };
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(implicit)) {
    if (value !== undefined) annotations[key] = value;
  }
  Object.assign(annotations, c.Labels ?? {}); // Labels take precedence (conversion.md "Annotations")
  return {
    ociVersion: "1.0.2",
    process: {
      terminal: false,
      user: resolveUser(c.User, options.rootfs),
      args: [...(c.Entrypoint ?? []), ...(c.Cmd ?? [])],
      env: [...(c.Env ?? [])],
      cwd: c.WorkingDir || "/",
    },
    root: { path: "rootfs", readonly: false },
    mounts: Object.keys(c.Volumes ?? {}).sort().map((destination) => ({
      destination,
      type: "tmpfs",
      source: "tmpfs",
      options: ["nosuid", "nodev", "mode=755"],
    })),
    annotations,
  };
}

/**
 * Both halves of a bundle from an image (built or loaded): the rootfs tree (layers applied in
 * order) and the runtime config converted against it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildImage } from "./build.ts";
 * import { unpackBundle } from "./bundle.ts";
 * const image = buildImage([{ files: { "/bin/hi": "…" } }], { config: { Cmd: ["/bin/hi"] } });
 * const bundle = unpackBundle(image);
 * assert.deepEqual(bundle.config.process.args, ["/bin/hi"]);
 * assert.ok(bundle.rootfs.has("bin/hi"));
 * ```
 */
export function unpackBundle(
  image: {
    readonly config: ImageConfig;
    readonly layers: readonly { readonly entries: readonly TarEntry[] }[];
  },
): { config: RuntimeConfig; rootfs: FsTree } {
  const value = image as unknown as Record<string, unknown> | undefined;
  if (!Array.isArray(value?.layers) || typeof value?.config !== "object") {
    throw new TypeError(
      `Cannot unpack a bundle: pass an image from buildImage() or loadImage() (got ${
        value === undefined || value === null
          ? String(value)
          : "an object without config and layers"
      })${
        value?.blobs instanceof Map
          ? "; this is a layout: load it first with loadImage(layout, tag)"
          : ""
      }`,
    );
  }
  const rootfs = applyLayers(image.layers.map((layer) => layer.entries));
  return { config: runtimeConfig(image.config, { rootfs }), rootfs };
}
