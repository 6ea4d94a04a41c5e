import "server-only";

import { createHash, type Hash } from "node:crypto";

/** One backup as the receiving end saw it. Times are from the start of the request, in ms. */
export interface Transfer {
  headersMs: number;
  lastByteMs: number;
  bytes: number;
  /** Lower-case hex SHA-256 of the bytes received. */
  sha256: string;
  /** The size the sender announced: X-Backup-Expected-Size from the portal, Content-Length from the array. */
  announcedBytes: number | undefined;
  /** The portal's Server-Timing header, when it sent one. */
  serverTiming?: string;
}

/** Something the benchmark checks went wrong: the figures cannot be trusted, the run fails. */
export class BenchFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BenchFailure";
  }
}

/** Counts and hashes a body chunk by chunk as it arrives; nothing of it is kept. */
export class BodyMeter {
  bytes = 0;
  private readonly hash: Hash = createHash("sha256");

  add(chunk: Uint8Array): void {
    this.bytes += chunk.byteLength;
    this.hash.update(chunk);
  }

  digest(): string {
    return this.hash.digest("hex");
  }
}

/** The file the simulated array would send: what every transfer is checked against. */
export interface ExpectedFile {
  bytes: number;
  sha256: string;
}

/** Fails unless the transfer delivered exactly the announced and the expected file. */
export function verifyTransfer(label: string, transfer: Transfer, expected: ExpectedFile): void {
  if (transfer.announcedBytes === undefined) {
    throw new BenchFailure(`${label}: the size of the key file was not announced`);
  }
  if (transfer.bytes !== transfer.announcedBytes) {
    throw new BenchFailure(`${label}: received ${transfer.bytes} bytes, ${transfer.announcedBytes} announced`);
  }
  if (transfer.bytes !== expected.bytes || transfer.sha256 !== expected.sha256) {
    throw new BenchFailure(
      `${label}: received ${transfer.bytes} bytes with SHA-256 ${transfer.sha256}, expected ${expected.bytes} bytes with ${expected.sha256}`,
    );
  }
}
