/**
 * Reading server frames. The server is trusted, but a frame that does not
 * match the protocol is a bug worth a log line, never a crash.
 */

import type { ServerMessage } from "../protocol";

export function parseServerMessage(data: unknown): ServerMessage | null {
  if (typeof data !== "string") return malformed("a non-text frame", data);
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    return malformed("a frame that is not JSON", data);
  }
  return isServerMessage(message) ? message : malformed("a frame outside the protocol", data);
}

function isServerMessage(value: unknown): value is ServerMessage {
  if (typeof value !== "object" || value === null) return false;
  const message = value as Record<string, unknown>;
  const isRef = (ref: unknown) => ref === null || typeof ref === "number";
  switch (message.t) {
    case "rendered":
      return typeof message.ref === "number" && typeof message.html === "string";
    case "navigated":
      return (
        typeof message.ref === "number" && typeof message.html === "string" && typeof message.to === "string" && typeof message.token === "string"
      );
    case "redirect":
      return isRef(message.ref) && typeof message.to === "string";
    case "flash":
      return typeof message.kind === "string" && typeof message.message === "string";
    case "error":
      return isRef(message.ref) && typeof message.message === "string";
    case "disconnect":
      return typeof message.reason === "string";
    default:
      return false;
  }
}

function malformed(what: string, data: unknown): null {
  console.warn(`[live] ignoring ${what}:`, data);
  return null;
}
