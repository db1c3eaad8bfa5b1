import assert from "node:assert/strict";
import { cleanOutput, stripAnsi } from "./front.ts";
import { decodeMessage, encodeMessage, type JupyterMessage } from "./message.ts";
import { encodeFrames } from "./zmtp.ts";
import { createHmac } from "node:crypto";

const message: JupyterMessage = {
  identities: [new TextEncoder().encode("client-1")],
  header: {
    msg_id: "m1",
    session: "s",
    username: "u",
    date: "2026-01-01T00:00:00Z",
    msg_type: "execute_request",
    version: "5.3",
  },
  parent_header: {},
  metadata: {},
  content: { code: "1 + 1" },
  buffers: [],
};

Deno.test("encodeMessage() signs header, parent, metadata and content with HMAC-SHA256", () => {
  const frames = encodeMessage(message, "secret");
  const text = frames.map((frame) => new TextDecoder().decode(frame));
  assert.equal(text[0], "client-1");
  assert.equal(text[1], "<IDS|MSG>");
  const expected = createHmac("sha256", "secret").update(text[3]).update(text[4]).update(text[5])
    .update(text[6])
    .digest("hex");
  assert.equal(text[2], expected);
  assert.deepEqual(decodeMessage(frames), message);
});

Deno.test("decodeMessage() ignores frames without a delimiter or with broken JSON", () => {
  assert.equal(decodeMessage([new Uint8Array([1, 2])]), undefined);
  const frames = encodeMessage(message, "");
  frames[3] = new TextEncoder().encode("{not json");
  assert.equal(decodeMessage(frames), undefined);
});

Deno.test("cleanOutput() strips colour codes and transient: null", () => {
  const content: Record<string, unknown> = {
    data: { "text/plain": "\u001b[33m42\u001b[39m", "text/html": "<b>42</b>" },
    transient: null,
  };
  assert.equal(cleanOutput(content), true);
  assert.deepEqual(content, { data: { "text/plain": "42", "text/html": "<b>42</b>" } });
  assert.equal(cleanOutput({ data: { "text/plain": "plain" } }), false);
  assert.equal(stripAnsi("\u001b[1;31merror\u001b[0m"), "error");
});

Deno.test("encodeFrames() uses short frames up to 255 bytes and long frames above (ZMTP 3.0 framing)", () => {
  const short = encodeFrames([new Uint8Array(3), new Uint8Array(255)]);
  assert.deepEqual([...short.subarray(0, 2)], [0x01, 3]); // MORE, size 3
  assert.deepEqual([...short.subarray(5, 7)], [0x00, 255]); // last frame, size 255
  const long = encodeFrames([new Uint8Array(256)]);
  assert.equal(long[0], 0x02); // LONG, not MORE
  assert.equal(new DataView(long.buffer).getBigUint64(1), 256n);
  assert.equal(long.length, 9 + 256);
});

Deno.test("the front listens on Jupyter's ports before Deno's kernel is up", async () => {
  // Jupyter picks the five ports free and lets them go; the front must hold them at once,
  // or an ephemeral port drawn while the inner kernel starts can take one and the kernel
  // dies at start. Here the "kernel" never comes up (/bin/false), yet the shell port answers.
  const ports = Array.from({ length: 5 }, () => Deno.listen({ hostname: "127.0.0.1", port: 0 }));
  const [shell, control, stdin, iopub, hb] = ports.map((l) => (l.addr as Deno.NetAddr).port);
  for (const listener of ports) listener.close();
  const dir = await Deno.makeTempDir();
  const connection = `${dir}/kernel.json`;
  await Deno.writeTextFile(
    connection,
    JSON.stringify({
      ip: "127.0.0.1",
      transport: "tcp",
      shell_port: shell,
      control_port: control,
      stdin_port: stdin,
      iopub_port: iopub,
      hb_port: hb,
      key: "k",
      signature_scheme: "hmac-sha256",
    }),
  );
  const script = `${dir}/run.ts`;
  await Deno.writeTextFile(
    script,
    `import { runFront } from ${JSON.stringify(new URL("./front.ts", import.meta.url).href)};\n` +
      `await runFront(${JSON.stringify(connection)}, { denoPath: "/bin/false" });\n`,
  );
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script],
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    let answered = false;
    for (let attempt = 0; attempt < 200 && !answered; attempt++) {
      try {
        const conn = await Deno.connect({ hostname: "127.0.0.1", port: shell });
        conn.close();
        answered = true;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    assert.ok(answered, `nothing listens on the shell port ${shell}`);
  } finally {
    child.kill("SIGKILL");
    await child.status;
    await Deno.remove(dir, { recursive: true });
  }
});
