/**
 * The kubelet: the node agent that turns a pod the scheduler bound to its node into running
 * containers. It does no isolation itself — it asks the drivers, in the order upstream does
 * (`pkg/kubelet/kubelet.go` SyncPod, `pkg/kubelet/kuberuntime/kuberuntime_manager.go`
 * SyncPod, containerd's CRI `RunPodSandbox`):
 *
 * ```
 *  1. pod cgroup        /kubepods/<qos>/pod<uid>, the pod's total     (cgroup v2, QoS class)
 *                       cpu.weight / cpu.max / memory.max
 *  2. volumes           CSI NodeStage / NodePublish (attach first)    WaitForAttachAndMount
 *  3. pod sandbox       CNI ADD into a fresh network namespace,       RunPodSandbox
 *                       then the "pause" container holding net/ipc/uts
 *  4. each container    pull the image, unpack a bundle, write its    EnsureImageExists,
 *                       config.json (join the sandbox's namespaces,   CreateContainer,
 *                       own pid + mount), create, start               StartContainer
 * ```
 *
 * Every step is a tidy row `{step, node, pod, component, action, detail}`; a failing step
 * stops the pod in `Pending` with the reason the real kubelet reports (`ErrImagePull`,
 * `FailedMount`, `FailedCreatePodSandBox`) and its message.
 *
 * @module
 */

import { z } from "zod";
import { parseOptions } from "@src/options/mod.ts";
import {
  type BuiltImage,
  convertCpuSharesToWeight,
  Runtime,
  unpackBundle,
} from "@virt/container/mod.ts";
import type { Pod } from "../api/mod.ts";
import { CniRuntime, type NetworkConfigList } from "../cni/mod.ts";
import type { CsiCluster, VolumeClaim } from "../csi/mod.ts";
import {
  containerResources,
  podCgroup,
  podResourceConfig,
  type QosClass,
  qosClass,
} from "./resources.ts";

/**
 * One step the kubelet took.
 *
 * @example
 * ```ts
 * import type { KubeletStep } from "./kubelet.ts";
 * const row: KubeletStep = { step: 3, node: "n1", pod: "web", component: "cni", action: "ADD", detail: "10.244.0.2/24", ok: true };
 * ```
 */
export interface KubeletStep {
  /** Counter, from 1, across the node. */
  readonly step: number;
  /** The node. */
  readonly node: string;
  /** The pod. */
  readonly pod: string;
  /** Who did it: `kubelet`, `csi`, `cni`, `image` or `runtime`. */
  readonly component: string;
  /** What was done. */
  readonly action: string;
  /** Details: a path, an address, an error message. */
  readonly detail: string;
  /** Whether it worked. */
  readonly ok: boolean;
}

/**
 * One container of a pod, as the kubelet reports it.
 *
 * @example
 * ```ts
 * import type { ContainerStatus } from "./kubelet.ts";
 * const status: ContainerStatus = { name: "app", id: "c3", state: "running", args: ["nginx"], hostPid: 7, pid: 1 };
 * ```
 */
export interface ContainerStatus {
  /** Container name in the pod spec. */
  readonly name: string;
  /** Runtime container id (empty if never created). */
  readonly id: string;
  /** `running`, or `waiting` with a reason. */
  readonly state: "running" | "waiting";
  /** Why it is waiting, e.g. `ErrImagePull`. */
  readonly reason?: string;
  /** The process's argv. */
  readonly args: readonly string[];
  /** Its pid on the host. */
  readonly hostPid?: number;
  /** Its pid as it sees itself (1: init of its own pid namespace). */
  readonly pid?: number;
}

/**
 * A pod's status after {@link Kubelet.syncPod}.
 *
 * @example
 * ```ts
 * import type { PodStatus } from "./kubelet.ts";
 * type Phase = PodStatus["phase"]; // "Running" | "Pending"
 * ```
 */
export interface PodStatus {
  /** `Running` when every container started, else `Pending`. */
  readonly phase: "Running" | "Pending";
  /** The node, or null when no node fits (the scheduler's message is in `message`). */
  readonly node: string | null;
  /** The address CNI gave the pod, without prefix length. */
  readonly podIP?: string;
  /** QoS class. */
  readonly qosClass: QosClass;
  /** The pod's cgroup. */
  readonly cgroup: string;
  /** The sandbox ("pause") container's id and host pid. */
  readonly sandbox?: { readonly id: string; readonly hostPid: number };
  /** The first failure's reason and message, if Pending. */
  readonly reason?: string;
  /** … and its message. */
  readonly message?: string;
  /** One per spec container. */
  readonly containers: readonly ContainerStatus[];
}

const OptionsSchema = z.strictObject({
  images: z.record(z.string(), z.custom<BuiltImage>((v) => typeof v === "object" && v !== null)),
  network: z.custom<NetworkConfigList>((v) => typeof v === "object" && v !== null),
  runtime: z.custom<Runtime>((v) => v instanceof Runtime).optional(),
  csi: z.custom<CsiCluster>((v) => typeof v === "object" && v !== null).optional(),
});

/**
 * Options of {@link Kubelet}.
 *
 * @example
 * ```ts
 * import type { KubeletOptions } from "./kubelet.ts";
 * const options: Partial<KubeletOptions> = { images: {} };
 * ```
 */
export interface KubeletOptions {
  /** The node's image store: reference → image (`buildImage()`); a pull looks here. */
  images: Record<string, BuiltImage>;
  /** The node's CNI network configuration list (a bridge with its own pod CIDR). */
  network: NetworkConfigList;
  /** The OCI runtime to drive. @default a new Runtime (own process table and cgroups) */
  runtime?: Runtime;
  /** The CSI side (provisioner, attacher and kubelets) for pods with a claim. @default none */
  csi?: CsiCluster;
}

/** What the kubelet remembers of a pod it started. */
interface PodRecord {
  cgroup: string;
  sandbox?: string;
  containers: string[];
  netns?: string;
}

/**
 * A container's argv from the pod spec and the image (Kubernetes docs, "Define a Command and
 * Arguments for a Container", notes): `command` replaces the image's Entrypoint, `args`
 * replaces its Cmd, and setting `command` alone drops the Cmd too.
 *
 * ```
 *  command  args   argv
 *  –        –      Entrypoint + Cmd
 *  ✓        –      command
 *  –        ✓      Entrypoint + args
 *  ✓        ✓      command + args
 * ```
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { containerArgs } from "./kubelet.ts";
 * const image = { Entrypoint: ["/bin/server"], Cmd: ["--port", "80"] };
 * assert.deepEqual(containerArgs({}, image), ["/bin/server", "--port", "80"]);
 * assert.deepEqual(containerArgs({ args: ["--port", "8080"] }, image), ["/bin/server", "--port", "8080"]);
 * assert.deepEqual(containerArgs({ command: ["sh"] }, image), ["sh"]);
 * ```
 */
export function containerArgs(
  spec: { readonly command?: readonly string[]; readonly args?: readonly string[] },
  image: {
    readonly Entrypoint?: readonly string[] | null;
    readonly Cmd?: readonly string[] | null;
  },
): string[] {
  const command = spec.command?.length ? spec.command : undefined;
  const args = spec.args?.length ? spec.args : undefined;
  if (command) return [...command, ...(args ?? [])];
  return [...(image.Entrypoint ?? []), ...(args ?? image.Cmd ?? [])];
}

/**
 * The kubelet of one node.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildImage } from "@virt/container/mod.ts";
 * import { makePod } from "../api/mod.ts";
 * import { Kubelet, podNetwork } from "./kubelet.ts";
 * const images = { "web:1": buildImage([{ files: { "/bin/web": "…" } }], { config: { Entrypoint: ["/bin/web"] } }) };
 * const kubelet = new Kubelet("node-1", { images, network: podNetwork(0) });
 * const status = kubelet.syncPod(makePod("web-0", { image: "web:1", cpu: "250m" }));
 * assert.equal(status.phase, "Running");
 * assert.equal(status.podIP, "10.244.0.2");
 * assert.equal(status.containers[0].pid, 1); // pid 1 of its own pid namespace
 * ```
 */
export class Kubelet {
  /** Every step on this node. */
  readonly steps: KubeletStep[] = [];
  /** The OCI runtime (its process table and cgroup tree are this node's). */
  readonly runtime: Runtime;
  /** The CNI runtime (its host is this node's network). */
  readonly cni: CniRuntime = new CniRuntime();
  readonly #options: KubeletOptions;
  readonly #pods = new Map<string, PodRecord>();
  #uid = 0;

  constructor(readonly node: string, options: KubeletOptions) {
    this.#options = parseOptions(OptionsSchema, options, `create the kubelet of ${node}`);
    this.runtime = options.runtime ?? new Runtime();
  }

  #step(pod: string, component: string, action: string, detail: string, ok = true): boolean {
    this.steps.push({
      step: this.steps.length + 1,
      node: this.node,
      pod,
      component,
      action,
      detail,
      ok,
    });
    return ok;
  }

  /**
   * Start a pod bound to this node; `claim` asks CSI for a volume first.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { makePod } from "../api/mod.ts";
   * import { Kubelet, podNetwork } from "./kubelet.ts";
   * const status = new Kubelet("n1", { images: {}, network: podNetwork(0) }).syncPod(makePod("p", { image: "nginx:1.27" }));
   * assert.equal(status.phase, "Pending");
   * assert.equal(status.reason, "ErrImagePull");
   * ```
   */
  syncPod(pod: Pod, options: { claim?: VolumeClaim } = {}): PodStatus {
    const name = pod.name;
    if (this.#pods.has(name)) {
      throw new RangeError(`Cannot start pod ${name} on ${this.node}: it is already running here`);
    }
    const qos = qosClass(pod);
    const cgroup = podCgroup(qos, String(++this.#uid));
    const record: PodRecord = { cgroup, containers: [] };
    this.#pods.set(name, record);
    const base = { node: this.node, qosClass: qos, cgroup };
    const waiting = (reason: string, message: string): PodStatus => ({
      ...base,
      phase: "Pending",
      reason,
      message,
      containers: pod.containers.map((c) => ({
        name: c.name,
        id: "",
        state: "waiting",
        reason,
        args: [],
      })),
    });
    this.#ensureCgroup(cgroup);
    // The pod cgroup caps the pod as a whole (ResourceConfigForPod); libcontainer converts
    // shares to cgroup v2 weight as the runtime does.
    const limits = podResourceConfig(pod);
    const files: [string, string][] = [[
      "cpu.weight",
      String(convertCpuSharesToWeight(limits.shares)),
    ]];
    if (limits.quota !== undefined) files.push(["cpu.max", `${limits.quota} ${limits.period}`]);
    if (limits.memory !== undefined) files.push(["memory.max", String(limits.memory)]);
    for (const [file, value] of files) this.runtime.cgroups.write(cgroup, file, value);
    this.#step(
      name,
      "kubelet",
      "pod cgroup",
      `${cgroup} (QoS ${qos}): ${files.map(([file, value]) => `${file} ${value}`).join(", ")}`,
    );

    if (options.claim) {
      const csi = this.#options.csi;
      if (!csi) {
        this.#step(name, "csi", "mount", "no CSI driver on this node", false);
        return waiting("FailedMount", `pod ${name} has a claim but the kubelet has no CSI driver`);
      }
      // volumeBindingMode WaitForFirstConsumer: the volume is provisioned only now, where the
      // pod was scheduled — external-provisioner with --strict-topology makes the selected
      // node's topology the requisite (kubernetes-csi/external-provisioner, "Topology support").
      const info = csi.driver.node(this.node)?.NodeGetInfo();
      const zone = info?.code === "OK"
        ? Object.values(info.value.accessible_topology.segments)[0]
        : undefined;
      const claim = zone !== undefined && !options.claim.requisite?.length &&
          !options.claim.preferred?.length
        ? { ...options.claim, requisite: [zone] }
        : options.claim;
      const outcome = this.#csi(name, csi, () => csi.startPod(name, claim, this.node));
      if (!outcome.ok) {
        return waiting("FailedMount", `${outcome.failed.call}: ${outcome.failed.message}`);
      }
    }

    // RunPodSandbox: network namespace + CNI ADD, then the pause container in it.
    const sandbox = `${name}-sandbox`;
    const netns = `/var/run/netns/cni-${name}`;
    this.cni.host.createNetns(netns);
    record.netns = netns;
    const added = this.cni.add(this.#options.network, {
      containerId: sandbox,
      netns,
      ifName: "eth0",
    });
    if (!added.ok) {
      this.#step(name, "cni", "ADD", added.error.msg, false);
      return waiting("FailedCreatePodSandBox", `CNI ADD: ${added.error.msg}`);
    }
    const address = added.result?.ips?.[0]?.address ?? "";
    this.#step(name, "cni", "ADD eth0", `${address} in ${netns}`);
    const pause = this.runtime.create(sandbox, {
      bundle: `/run/containerd/${sandbox}`,
      config: {
        ociVersion: "1.0.2",
        process: { user: { uid: 65535, gid: 65535 }, args: ["/pause"], cwd: "/" },
        root: { path: "rootfs", readonly: true },
        hostname: name,
        linux: {
          namespaces: ["pid", "network", "ipc", "uts", "mount"].map((type) => ({ type })),
          cgroupsPath: `${cgroup}/${sandbox}`,
        },
      },
    });
    this.runtime.start(sandbox);
    record.sandbox = sandbox;
    this.#step(name, "runtime", "create+start pause", `host pid ${pause.pid}, hostname ${name}`);

    const containers: ContainerStatus[] = [];
    let failure: { reason: string; message: string } | undefined;
    for (const container of pod.containers) {
      if (failure) {
        containers.push({
          name: container.name,
          id: "",
          state: "waiting",
          reason: failure.reason,
          args: [],
        });
        continue;
      }
      const image = this.#options.images[container.image];
      if (!image) {
        const known = Object.keys(this.#options.images);
        const message = `Failed to pull image "${container.image}": not found; ` +
          `images on ${this.node}: ${known.length ? known.join(", ") : "none"}`;
        this.#step(name, "image", "pull", message, false);
        failure = { reason: "ErrImagePull", message };
        containers.push({
          name: container.name,
          id: "",
          state: "waiting",
          reason: "ErrImagePull",
          args: [],
        });
        continue;
      }
      this.#step(
        name,
        "image",
        "pull",
        `${container.image} (${image.layers.length} layers, present)`,
      );
      const bundle = unpackBundle(image);
      const args = containerArgs(container, image.config.config ?? {});
      const env = new Map(bundle.config.process.env.map((e) => [e.split("=")[0], e]));
      for (const variable of container.env ?? []) {
        env.set(variable.name, `${variable.name}=${variable.value ?? ""}`);
      }
      const id = `${name}-${container.name}`;
      const config = {
        ...bundle.config,
        process: {
          ...bundle.config.process,
          args,
          env: [...env.values()],
          cwd: container.workingDir ?? bundle.config.process.cwd,
        },
        // No hostname of its own: the container shares the sandbox's UTS namespace, where
        // the pause container set it (runc refuses a hostname without a new UTS namespace).
        hostname: undefined,
        linux: {
          // containerd's CRI: join the sandbox's network, ipc and uts; own pid and mount.
          namespaces: [
            ...["network", "ipc", "uts"].map((type) => ({
              type,
              path: `/proc/${pause.pid}/ns/${type === "network" ? "net" : type}`,
            })),
            { type: "pid" },
            { type: "mount" },
          ],
          cgroupsPath: `${cgroup}/${id}`,
          resources: containerResources(container),
        },
      };
      this.#step(name, "runtime", "config.json", `args ${JSON.stringify(args)}`);
      const created = this.runtime.create(id, { bundle: `/run/containerd/${id}`, config });
      this.runtime.start(id);
      record.containers.push(id);
      const hostPid = created.pid!;
      this.#step(name, "runtime", "create+start", `${id}: host pid ${hostPid}`);
      containers.push({
        name: container.name,
        id,
        state: "running",
        args,
        hostPid,
        pid: this.runtime.table.getpid(hostPid),
      });
    }
    const status = {
      ...base,
      podIP: address.split("/")[0],
      sandbox: { id: sandbox, hostPid: pause.pid! },
      containers,
    };
    if (failure) return { ...status, phase: "Pending", ...failure };
    this.#step(name, "kubelet", "Running", `${containers.length} container(s)`);
    return { ...status, phase: "Running" };
  }

  /**
   * Whether this kubelet runs a pod of that name.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Kubelet, podNetwork } from "./kubelet.ts";
   * assert.equal(new Kubelet("n1", { images: {}, network: podNetwork(0) }).runs("web"), false);
   * ```
   */
  runs(name: string): boolean {
    return this.#pods.has(name);
  }

  /**
   * Stop a pod: containers, then the sandbox and its network (CNI DEL), then its volume.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { Kubelet, podNetwork } from "./kubelet.ts";
   * assert.throws(() => new Kubelet("n1", { images: {}, network: podNetwork(0) }).killPod("nope"), /no pod nope on n1/);
   * ```
   */
  killPod(name: string): void {
    const record = this.#pods.get(name);
    if (!record) {
      throw new RangeError(
        `Cannot stop pod ${name}: there is no pod ${name} on ${this.node}; running: ${
          [...this.#pods.keys()].join(", ") || "none"
        }`,
      );
    }
    for (const id of [...record.containers].reverse()) this.#stop(name, id);
    if (record.sandbox) {
      const deleted = this.cni.del(this.#options.network, {
        containerId: record.sandbox,
        netns: record.netns ?? "",
        ifName: "eth0",
      });
      this.#step(
        name,
        "cni",
        "DEL eth0",
        deleted.ok ? record.netns ?? "" : deleted.error.msg,
        deleted.ok,
      );
      this.#stop(name, record.sandbox);
    }
    if (this.runtime.cgroups.rows().some((row) => row.path === record.cgroup)) {
      this.runtime.cgroups.rmdir(record.cgroup);
      this.#step(name, "kubelet", "remove pod cgroup", record.cgroup);
    }
    const csi = this.#options.csi;
    if (csi) {
      this.#csi(name, csi, () => csi.stopPod(name));
    }
    this.#pods.delete(name);
  }

  /** Run CSI calls and copy the calls they made into this kubelet's steps. */
  #csi<T>(pod: string, csi: CsiCluster, calls: () => T): T {
    const before = csi.trace.length;
    const result = calls();
    for (const row of csi.trace.slice(before)) {
      const action = `${row.component}: ${row.call}`;
      this.#step(pod, "csi", action, row.message || row.volume, row.code === "OK");
    }
    return result;
  }

  /** mkdir -p with cpu, memory and pids enabled on the way down (the kubelet's cgroupfs driver). */
  #ensureCgroup(path: string): void {
    const cgroups = this.runtime.cgroups;
    let current = "/";
    for (const part of path.split("/").filter((p) => p !== "")) {
      const enabled = cgroups.read(current, "cgroup.subtree_control").split(/\s+/);
      for (const controller of ["cpu", "memory", "pids"]) {
        if (!enabled.includes(controller)) {
          cgroups.write(current, "cgroup.subtree_control", `+${controller}`);
        }
      }
      const next = current === "/" ? `/${part}` : `${current}/${part}`;
      if (!cgroups.rows().some((row) => row.path === next)) cgroups.mkdir(next);
      current = next;
    }
  }

  #stop(pod: string, id: string): void {
    // runtime.md: kill sends the signal; SIGKILL ends the process, so the container is
    // "stopped" and may be deleted.
    this.runtime.kill(id, "SIGKILL");
    if (this.runtime.state(id).status !== "stopped") this.runtime.exit(id);
    this.runtime.delete(id);
    this.#step(pod, "runtime", "kill+delete", id);
  }
}

/**
 * The CNI configuration each node gets by default: a bridge `cni0` with host-local IPAM on
 * the node's own /24 out of 10.244.0.0/16 (the pod CIDR layout flannel and kubeadm use),
 * plus loopback.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { podNetwork } from "./kubelet.ts";
 * assert.equal(podNetwork(3).plugins[0].ipam?.ranges?.[0]?.[0]?.subnet, "10.244.3.0/24");
 * ```
 */
export function podNetwork(index: number): NetworkConfigList & {
  plugins: { ipam?: { ranges?: { subnet: string }[][] } }[];
} {
  if (!Number.isInteger(index) || index < 0 || index > 255) {
    throw new RangeError(`Cannot make a pod network: node index ${index} must be 0–255`);
  }
  return {
    cniVersion: "1.1.0",
    name: "pods",
    plugins: [
      {
        type: "bridge",
        bridge: "cni0",
        isGateway: true,
        ipMasq: true,
        ipam: { type: "host-local", ranges: [[{ subnet: `10.244.${index}.0/24` }]] },
      },
      { type: "loopback" },
    ],
  } as unknown as NetworkConfigList & { plugins: { ipam?: { ranges?: { subnet: string }[][] } }[] };
}
