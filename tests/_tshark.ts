/**
 * The tshark oracle shared by the tests: run Debian's `tshark` on a pcap with
 * checksum validation on, and read its JSON. Fails with the install command
 * when tshark is missing (never skips).
 */

import assert from "node:assert/strict";

/** Checksum validation for every layer we write (REFERENCES.md, "Real-tool oracle"). */
export const TSHARK_ARGS = [
  "-T",
  "json",
  "-o",
  "ip.check_checksum:TRUE",
  "-o",
  "tcp.check_checksum:TRUE",
  "-o",
  "udp.check_checksum:TRUE",
];
/** Wireshark's proto_checksum_enum_e: 0 bad, 1 good, 2 unverified. */
export const CHECKSUM_BAD = "0";
export const CHECKSUM_GOOD = "1";
/** epan/proto.h PI_WARN: expert info at warning severity. */
export const EXPERT_WARN = 0x00600000;

/** tshark's JSON for every packet of `file` (extra options appended). */
export async function tshark(
  file: string,
  extra: string[] = [],
): Promise<Record<string, unknown>[]> {
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command("tshark", {
      args: ["-r", file, ...TSHARK_ARGS, ...extra],
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(
        "tshark is not installed; this oracle test needs it. Install it with: apt-get install tshark",
      );
    }
    throw error;
  }
  assert.ok(output.success, `tshark failed: ${new TextDecoder().decode(output.stderr)}`);
  return JSON.parse(new TextDecoder().decode(output.stdout));
}

/** Every key in a packet's JSON tree with all its values (nested trees flattened). */
export function flatten(node: unknown, into = new Map<string, string[]>()): Map<string, string[]> {
  if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === "string") into.set(key, [...(into.get(key) ?? []), value]);
      else flatten(value, into);
    }
  }
  return into;
}

/**
 * Asserts tshark found nothing wrong with one packet: not malformed, no bad checksum at
 * any layer, no expert info at warning severity or above.
 */
export function assertCleanDecode(fields: Map<string, string[]>, where: string): void {
  const get = (key: string) => fields.get(key) ?? [];
  assert.deepEqual(get("_ws.malformed"), [], where);
  for (const [key, values] of fields) {
    if (key.endsWith("checksum.status")) {
      assert.ok(!values.includes(CHECKSUM_BAD), `${where}: ${key}`);
    }
  }
  const severe = get("_ws.expert.severity").filter((s) => Number(s) >= EXPERT_WARN);
  assert.deepEqual(severe, [], `${where}: ${get("_ws.expert.message").join("; ")}`);
}
