/**
 * Jupyter wire messages: decode, re-sign and encode the multipart frames that
 * travel between a frontend and a kernel.
 *
 * Where it sits: below the StackLab kernel front process (`front.ts`), which
 * needs to read every message and rewrite a few of them. Source: jupyter-client
 * "Messaging in Jupyter", section "The Wire Protocol":
 *
 * ```
 *  [ zmq identities ... ]          routing prefix (ROUTER sockets only)
 *  b"<IDS|MSG>"                    delimiter
 *  signature                       hex HMAC-SHA256 over the next four frames
 *  header                          JSON {msg_id, session, username, date, msg_type, version}
 *  parent_header                   JSON (the header of the request this answers)
 *  metadata                        JSON
 *  content                         JSON
 *  [ buffers ... ]                 raw extra buffers (not signed)
 * ```
 *
 * @module
 */

import { createHmac } from "node:crypto";

/** The frame that separates routing identities from the message proper. */
export const DELIMITER = "<IDS|MSG>";

/** A Jupyter message header (the fields StackLab reads and writes). */
export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
  [key: string]: unknown;
}

/** A decoded Jupyter message with its routing prefix and raw buffers. */
export interface JupyterMessage {
  /** Routing identities that came before the delimiter (kept verbatim). */
  identities: Uint8Array[];
  header: MessageHeader;
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  buffers: Uint8Array[];
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * Decodes multipart frames into a message. Returns `undefined` for frames that
 * have no delimiter or unparseable JSON (a kernel must ignore those).
 *
 * @example
 * ```ts
 * import { decodeMessage, encodeMessage } from "./message.ts";
 * const frames = encodeMessage({
 *   identities: [], header: { msg_id: "1", session: "s", username: "u", date: "", msg_type: "status", version: "5.3" },
 *   parent_header: {}, metadata: {}, content: { execution_state: "idle" }, buffers: [],
 * }, "");
 * console.assert(decodeMessage(frames)?.content.execution_state === "idle");
 * ```
 */
export function decodeMessage(frames: Uint8Array[]): JupyterMessage | undefined {
  const at = frames.findIndex((f) =>
    f.length === DELIMITER.length && decoder.decode(f) === DELIMITER
  );
  if (at < 0 || frames.length < at + 6) return undefined;
  try {
    return {
      identities: frames.slice(0, at),
      header: JSON.parse(decoder.decode(frames[at + 2])),
      parent_header: JSON.parse(decoder.decode(frames[at + 3])),
      metadata: JSON.parse(decoder.decode(frames[at + 4])),
      content: JSON.parse(decoder.decode(frames[at + 5])),
      buffers: frames.slice(at + 6),
    };
  } catch {
    return undefined;
  }
}

/**
 * Encodes a message into frames, signed with HMAC-SHA256 under `key` (an empty
 * key means "no signature", as in jupyter-client).
 *
 * @example
 * ```ts
 * import { encodeMessage } from "./message.ts";
 * const frames = encodeMessage({
 *   identities: [], header: { msg_id: "1", session: "s", username: "u", date: "", msg_type: "status", version: "5.3" },
 *   parent_header: {}, metadata: {}, content: {}, buffers: [],
 * }, "secret");
 * console.assert(frames.length === 6);
 * ```
 */
export function encodeMessage(message: JupyterMessage, key: string): Uint8Array[] {
  const parts = [
    message.header,
    message.parent_header,
    message.metadata,
    message.content,
  ].map((part) => encoder.encode(JSON.stringify(part)));
  return [
    ...message.identities,
    encoder.encode(DELIMITER),
    encoder.encode(sign(parts, key)),
    ...parts,
    ...message.buffers,
  ];
}

/**
 * Hex HMAC-SHA256 of the four signed frames, or "" when the key is empty.
 *
 * @example
 * ```ts
 * import { sign } from "./message.ts";
 * console.assert(sign([new Uint8Array([1])], "") === "");
 * ```
 */
export function sign(parts: Uint8Array[], key: string): string {
  if (key === "") return "";
  const hmac = createHmac("sha256", key);
  for (const part of parts) hmac.update(part);
  return hmac.digest("hex");
}

/**
 * Builds a fresh header for a message this process originates.
 *
 * @example
 * ```ts
 * import { newHeader } from "./message.ts";
 * console.assert(newHeader("status", "session-1", "m-1").msg_type === "status");
 * ```
 */
export function newHeader(msgType: string, session: string, msgId: string): MessageHeader {
  return {
    msg_id: msgId,
    session,
    username: "stacklab",
    date: new Date().toISOString(),
    msg_type: msgType,
    version: "5.3",
  };
}
