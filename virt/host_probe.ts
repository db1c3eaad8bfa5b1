/**
 * What the machine running this notebook offers for virtualization: the CPU flags
 * in `/proc/cpuinfo` and whether `/dev/kvm` exists. Not model code — it reads the
 * real host — and it never throws: a missing file becomes a friendly note.
 *
 * ```
 *   /proc/cpuinfo "flags" contains   meaning
 *   vmx                              Intel VT-x: the CPU can run guests in VMX non-root mode
 *   svm                              AMD-V (SVM): the same on AMD
 *   hypervisor                       this "host" is itself a virtual machine (CPUID bit 31 of ECX)
 *   /dev/kvm present                 the kvm module is loaded: with vmx/svm, KVM_CREATE_VM works (given permission)
 * ```
 *
 * @example Parse a flags line without touching the host
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCpuFlags } from "@virt/host_probe.ts";
 * const flags = parseCpuFlags("processor : 0\nflags : fpu vme vmx hypervisor\n");
 * assert.deepEqual([flags.has("vmx"), flags.has("svm"), flags.has("hypervisor")], [true, false, true]);
 * ```
 *
 * @module
 */

/**
 * The set of CPU flags on the first `flags` line of a cpuinfo text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCpuFlags } from "@virt/host_probe.ts";
 * assert.equal(parseCpuFlags("no flags here").size, 0);
 * ```
 */
export function parseCpuFlags(cpuinfo: string): Set<string> {
  const line = cpuinfo.split("\n").find((text) => /^(flags|Features)\s*:/.test(text));
  return new Set(line ? line.split(":")[1].trim().split(/\s+/) : []);
}

/**
 * What the probe found.
 *
 * @example
 * ```ts
 * import type { HostProbe } from "@virt/host_probe.ts";
 * const nothing: HostProbe = { vmx: false, svm: false, hypervisor: false, devKvm: false, notes: [] };
 * ```
 */
export interface HostProbe {
  /** Intel VT-x. */
  vmx: boolean;
  /** AMD-V. */
  svm: boolean;
  /** Running inside a VM. */
  hypervisor: boolean;
  /** `/dev/kvm` exists. */
  devKvm: boolean;
  /** Plain-language explanations, one per finding. */
  notes: string[];
}

/**
 * Options for {@linkcode probeHost}.
 *
 * @example
 * ```ts
 * import type { ProbeOptions } from "@virt/host_probe.ts";
 * const options: ProbeOptions = { cpuinfoPath: "/proc/cpuinfo", kvmPath: "/dev/kvm" };
 * ```
 */
export interface ProbeOptions {
  /** Where to read CPU flags. @default {"/proc/cpuinfo"} */
  cpuinfoPath?: string;
  /** The KVM device node. @default {"/dev/kvm"} */
  kvmPath?: string;
}

/**
 * Read the host's virtualization support; never throws.
 *
 * @example Absent files give notes, not errors
 * ```ts
 * import assert from "node:assert/strict";
 * import { probeHost } from "@virt/host_probe.ts";
 * const probe = await probeHost({ cpuinfoPath: "/nonexistent/cpuinfo", kvmPath: "/nonexistent/kvm" });
 * assert.equal(probe.devKvm, false);
 * assert.match(probe.notes.join("\n"), /could not read \/nonexistent\/cpuinfo/);
 * ```
 */
export async function probeHost(options: ProbeOptions = {}): Promise<HostProbe> {
  const { cpuinfoPath = "/proc/cpuinfo", kvmPath = "/dev/kvm" } = options;
  const notes: string[] = [];
  let flags = new Set<string>();
  try {
    flags = parseCpuFlags(await Deno.readTextFile(cpuinfoPath));
  } catch (error) {
    notes.push(
      `Note: could not read ${cpuinfoPath} (${error instanceof Error ? error.name : "error"}); ` +
        `not Linux, or no permission (run with --allow-read). The simulation does not need it.`,
    );
  }
  let devKvm = false;
  try {
    await Deno.stat(kvmPath);
    devKvm = true;
  } catch {
    devKvm = false;
  }
  const probe = {
    vmx: flags.has("vmx"),
    svm: flags.has("svm"),
    hypervisor: flags.has("hypervisor"),
    devKvm,
    notes,
  };
  if (flags.size > 0) {
    if (probe.vmx) {
      notes.push("vmx: this CPU has Intel VT-x, so KVM can run guests in VMX non-root mode.");
    }
    if (probe.svm) notes.push("svm: this CPU has AMD-V, so KVM can run guests with VMRUN.");
    if (!probe.vmx && !probe.svm) {
      notes.push(
        "No vmx/svm flag: no hardware virtualization visible here (often because this is itself a VM " +
          "without nested virtualization). QEMU would fall back to TCG, i.e. binary translation.",
      );
    }
    if (probe.hypervisor) {
      notes.push("hypervisor: this machine is a virtual machine; you are already a guest.");
    }
  }
  notes.push(
    devKvm
      ? (probe.vmx || probe.svm
        ? `${kvmPath} exists: the kvm module is loaded and KVM_CREATE_VM would work (with permission).`
        : `${kvmPath} exists: the kvm module is loaded, but without vmx/svm visible here creating a VM ` +
          `may still fail (some hosts expose /dev/kvm to nested guests only partly).`)
      : `${kvmPath} is absent: no KVM here. Everything in this chapter is simulated, so that is fine.`,
  );
  return probe;
}
