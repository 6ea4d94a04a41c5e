import "server-only";

import type { Server, Socket } from "node:net";
import { TLSSocket } from "node:tls";

/**
 * Keeps the raw TCP sockets of a listener: close() must not wait for idle keep-alive connections,
 * and a reset fault needs the TCP socket under a TLS one (only TCP sockets can send an RST).
 */
export class ConnectionTracker {
  private readonly sockets = new Set<Socket>();
  private readonly byPeer = new Map<string, Socket>();

  track(server: Server): void {
    server.on("connection", (socket: Socket) => {
      const peer = peerKey(socket);
      this.sockets.add(socket);
      this.byPeer.set(peer, socket);
      socket.once("close", () => {
        this.sockets.delete(socket);
        if (this.byPeer.get(peer) === socket) this.byPeer.delete(peer);
      });
    });
  }

  /** Sends a TCP RST so the client sees ECONNRESET rather than a clean end. */
  reset(socket: Socket): void {
    // The TLS socket and its TCP socket report the same peer address and port.
    const raw = socket instanceof TLSSocket ? this.byPeer.get(peerKey(socket)) : socket;
    if (raw && !raw.destroyed) raw.resetAndDestroy();
    else socket.destroy();
  }

  destroyAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.byPeer.clear();
  }
}

function peerKey(socket: Socket): string {
  return `${socket.remoteAddress ?? ""}|${socket.remotePort ?? ""}`;
}
