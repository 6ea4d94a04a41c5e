import "server-only";

import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

import { errors } from "./errors";
import { errorReply, HTML_500_PAGE, htmlReply, PROXY_LOGIN_PAGE, type Reply } from "./reply";
import type { Fault } from "./types";

const CHUNK_BYTES = 16 * 1024;

export interface DeliveryContext {
  /** Aborted when the simulator closes, so no delay or drip outlives it. */
  signal: AbortSignal;
  /** Sends a TCP RST on the connection under this socket (under TLS, the raw TCP socket). */
  resetConnection(socket: Socket): void;
  /** errorSource for error bodies the fault itself produces. */
  errorSource: string;
}

/** The answer a replacing fault puts in place of the real one, or undefined for faults that act on sending. */
function replacementFor(fault: Fault | undefined, errorSource: string): Reply | undefined {
  switch (fault?.type) {
    case "html-500":
      return htmlReply(500, HTML_500_PAGE);
    case "busy-503":
      return errorReply(errors.busy(), errorSource);
    case "wrong-content-type":
      return htmlReply(200, PROXY_LOGIN_PAGE);
    case "status":
      return errorReply(errors.injected(fault.status), errorSource);
    case "redirect":
      return {
        ...htmlReply(302, PROXY_LOGIN_PAGE),
        headers: {
          "Content-Type": "text/html; charset=utf-8",
          Location: fault.location ?? "https://login.example.invalid/sso",
        },
      };
    default:
      return undefined;
  }
}

/** Whether the fault stops the request before any handler runs: a reset before headers or a replacement. */
export function faultPreemptsHandler(fault: Fault | undefined): boolean {
  if (!fault) return false;
  return (fault.type === "reset" && fault.afterBytes === undefined) || replacementFor(fault, "") !== undefined;
}

function gone(res: ServerResponse, signal: AbortSignal): boolean {
  return res.destroyed || signal.aborted;
}

function waitForDrain(res: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
    signal.addEventListener("abort", done);
  });
}

function writeFlushed(res: ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((resolve) => res.write(chunk, () => resolve()));
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    // Aborted because the simulator is closing; the caller checks and stops.
  }
}

/**
 * The framing headers; for "close" neither a length nor chunked encoding: Node is told not to
 * chunk and not to keep the connection, so it sends Connection: close and ends the body by closing.
 */
function framingHeaders(res: ServerResponse, reply: Reply): Record<string, string> {
  switch (reply.framing ?? "content-length") {
    case "chunked":
      return { "Transfer-Encoding": "chunked" };
    case "close":
      res.useChunkedEncodingByDefault = false;
      res.shouldKeepAlive = false;
      return {};
    default:
      return { "Content-Length": String(reply.body.length) };
  }
}

/**
 * Sends a reply in chunks, respecting backpressure, with the reply's fault acting on the way.
 * The body is never handed over in one piece because truncate/reset/drip need to act between chunks.
 */
export async function deliver(res: ServerResponse, reply: Reply, context: DeliveryContext): Promise<void> {
  const { signal } = context;
  const fault = reply.fault;
  const replacement = replacementFor(fault, context.errorSource);
  const effective = replacement ?? reply;
  const socket = res.socket;

  if (fault?.type === "reset" && fault.afterBytes === undefined) {
    if (socket) context.resetConnection(socket);
    return;
  }
  if (fault?.type === "delay-headers") await pause(fault.ms, signal);
  if (gone(res, signal)) return;

  const body = effective.body;
  // Holding back the end only means something when the end is a chunk of its own.
  const framed = fault?.type === "hold-end" ? { ...effective, framing: "chunked" as const } : effective;
  res.writeHead(effective.status, { ...effective.headers, ...framingHeaders(res, framed) });

  const chunkBytes = fault?.type === "slow-drip" ? fault.bytesPerChunk : CHUNK_BYTES;
  const cutAt =
    !replacement && (fault?.type === "truncate" || fault?.type === "reset") && fault.afterBytes !== undefined
      ? Math.min(fault.afterBytes, body.length)
      : body.length;
  const cutShort = cutAt < body.length;

  let offset = 0;
  while (offset < cutAt) {
    const chunk = body.subarray(offset, Math.min(offset + chunkBytes, cutAt));
    offset += chunk.length;
    if (cutShort && offset === cutAt) {
      // The bytes before the cut must really leave before the connection is ended or reset.
      await writeFlushed(res, chunk);
    } else if (!res.write(chunk)) {
      await waitForDrain(res, signal);
    }
    if (gone(res, signal)) return;
    if (fault?.type === "slow-drip" && offset < cutAt) {
      await pause(fault.intervalMs, signal);
      if (gone(res, signal)) return;
    }
  }

  if (cutShort) {
    // With nothing written yet, only the headers go out before the cut.
    if (cutAt === 0) await writeFlushed(res, Buffer.alloc(0));
    if (!socket || gone(res, signal)) return;
    if (fault?.type === "reset") context.resetConnection(socket);
    else socket.end();
    return;
  }
  if (fault?.type === "hold-end") {
    await writeFlushed(res, Buffer.alloc(0));
    await pause(fault.ms, signal);
    if (gone(res, signal)) return;
  }
  res.end(() => {
    if (!replacement) effective.onComplete?.();
  });
}
