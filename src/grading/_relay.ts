/**
 * Byte relays between two stream connections (TCP ↔ unix socket), used to
 * reach a kernel inside the sandbox's own network namespace. ZMTP is a plain
 * byte stream, so each connection is copied both ways as is.
 *
 * @module
 */

async function copy(from: Deno.Conn, to: Deno.Conn): Promise<void> {
  const buffer = new Uint8Array(64 * 1024);
  try {
    while (true) {
      const count = await from.read(buffer);
      if (count === null) return;
      let offset = 0;
      while (offset < count) offset += await to.write(buffer.subarray(offset, count));
    }
  } catch {
    // either side went away: the relay ends
  }
}

/** Copies bytes both ways until either side closes, then closes both. */
export async function splice(a: Deno.Conn, b: Deno.Conn): Promise<void> {
  await Promise.race([copy(a, b), copy(b, a)]);
  for (const conn of [a, b]) {
    try {
      conn.close();
    } catch { /* already closed */ }
  }
}
