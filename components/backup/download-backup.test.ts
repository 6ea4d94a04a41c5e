import { describe, expect, it, vi } from "vitest";

import { BACKUP_EXPECTED_SIZE_HEADER, BACKUP_ID_HEADER } from "@/lib/schemas/backup";

import { receiveBackup, TransferError } from "./download-backup";

const DISPOSITION = `attachment; filename="E990_412345_20260501T100000Z.ekf"; filename*=UTF-8''E990_412345_20260501T100000Z.ekf`;

/** A body that sends `chunks`, then ends, or errors when `fail` is given. */
function body(chunks: Uint8Array[], fail?: Error): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk) controller.enqueue(chunk);
      else if (fail) controller.error(fail);
      else controller.close();
    },
  });
}

function backupResponse(stream: ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Response {
  return new Response(stream, {
    status: 200,
    headers: {
      "content-type": "application/octet-stream",
      "content-disposition": DISPOSITION,
      [BACKUP_ID_HEADER]: "b-1",
      ...headers,
    },
  });
}

const bytes = (...values: number[]) => new Uint8Array(values);

describe("receiveBackup", () => {
  it("collects the whole file under the server's name, reporting progress", async () => {
    const onStarted = vi.fn();
    const onProgress = vi.fn();
    const received = await receiveBackup(
      backupResponse(body([bytes(1, 2, 3), bytes(4, 5)]), { [BACKUP_EXPECTED_SIZE_HEADER]: "5" }),
      {
        fallbackFileName: "fallback.ekf",
        onStarted,
        onProgress,
      },
    );
    expect(received).toMatchObject({
      backupId: "b-1",
      fileName: "E990_412345_20260501T100000Z.ekf",
      bytes: 5,
      expected: 5,
    });
    expect(new Uint8Array(await received.blob.arrayBuffer())).toEqual(bytes(1, 2, 3, 4, 5));
    expect(onStarted).toHaveBeenCalledWith({
      backupId: "b-1",
      fileName: "E990_412345_20260501T100000Z.ekf",
      expected: 5,
    });
    expect(onProgress.mock.calls).toEqual([
      [3, 5],
      [5, 5],
    ]);
  });

  it("accepts any length when no size was announced, and falls back to a name of its own", async () => {
    const response = new Response(body([bytes(9)]), { headers: { [BACKUP_ID_HEADER]: "b-2" } });
    const received = await receiveBackup(response, { fallbackFileName: "fallback.ekf" });
    expect(received).toMatchObject({ fileName: "fallback.ekf", bytes: 1, expected: undefined });
  });

  it("fails a body that ends short of the announced size", async () => {
    const response = backupResponse(body([bytes(1, 2)]), { [BACKUP_EXPECTED_SIZE_HEADER]: "100" });
    const error = await receiveBackup(response, { fallbackFileName: "x" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TransferError);
    expect(error).toMatchObject({ kind: "short", received: 2, expected: 100, backupId: "b-1" });
  });

  it("fails a body that goes past the announced size", async () => {
    const response = backupResponse(body([bytes(1, 2, 3)]), { [BACKUP_EXPECTED_SIZE_HEADER]: "2" });
    await expect(receiveBackup(response, { fallbackFileName: "x" })).rejects.toMatchObject({
      kind: "short",
      received: 3,
    });
  });

  it("fails a body that breaks off", async () => {
    const response = backupResponse(body([bytes(1, 2)], new TypeError("network error")), {
      [BACKUP_EXPECTED_SIZE_HEADER]: "5",
    });
    await expect(receiveBackup(response, { fallbackFileName: "x" })).rejects.toMatchObject({
      kind: "broken",
      received: 2,
      expected: 5,
    });
  });

  it("calls a break after the user aborted a cancel", async () => {
    const controller = new AbortController();
    controller.abort();
    const response = backupResponse(body([bytes(1)], new DOMException("aborted", "AbortError")));
    await expect(receiveBackup(response, { fallbackFileName: "x", signal: controller.signal })).rejects.toMatchObject({
      kind: "cancelled",
    });
  });

  it("refuses a 200 without a backup id", async () => {
    const response = new Response(body([bytes(1)]), { headers: { "content-type": "text/html" } });
    await expect(receiveBackup(response, { fallbackFileName: "x" })).rejects.toMatchObject({ kind: "not-a-backup" });
  });
});
