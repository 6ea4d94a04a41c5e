import { createHash } from "node:crypto";
import { link, open, rm, stat } from "node:fs/promises";
import path from "node:path";

import {
  BACKUP_EXPECTED_SIZE_HEADER,
  BACKUP_ID_HEADER,
  backupResponseSchema,
  backupVerificationResponseSchema,
} from "../schemas/backup";
import { systemListSchema } from "../schemas/system";
import { UsageError } from "./args";
import { checkReceived, checkVerification, KbpError, type ReceivedFile } from "./outcome";
import { getJson, headers, postJson, refusal, send, type Portal } from "./portal-client";
import type { BackupSecrets } from "./secrets";

/*
 * `kbp backup`: asks the portal for a system's key file and streams it into DIR under a hidden
 * temporary name (created exclusively, mode 0600), counting bytes and SHA-256. It gets the name
 * the portal gave only once the size and SHA-256 match the portal's record and the portal has
 * recorded the check as verified; on any failure the temporary file is deleted.
 */

/** No byte for this long ends the transfer. */
export const IDLE_TIMEOUT_MS = 300_000;

export interface BackupRun {
  portal: Portal;
  system: string;
  out: string;
  secrets: BackupSecrets;
  signal?: AbortSignal;
  idleTimeoutMs?: number;
}

/** What is known so far, for the log line even when the run fails. */
export interface BackupProgress {
  systemId?: string;
  backupId?: string;
  file?: string;
  sizeBytes?: number;
  sha256?: string;
}

/** The name from Content-Disposition (filename*, else filename), reduced to a safe base name. */
export function fileNameFrom(disposition: string | null, backupId: string): string {
  let name: string | undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition ?? "")?.[1];
  if (extended) {
    try {
      name = decodeURIComponent(extended.trim());
    } catch {
      name = undefined;
    }
  }
  name ??= /filename\s*=\s*"([^"]*)"/i.exec(disposition ?? "")?.[1];
  const base = path.basename((name ?? "").replaceAll("\\", "/")).replace(/[\u0000-\u001f\u007f]/g, "");
  if (!base || base === "." || base === ".." || base.startsWith(".")) return `backup-${backupId}.bin`;
  return base;
}

async function resolveSystem(portal: Portal, wanted: string): Promise<{ id: string; name: string }> {
  const { systems } = await getJson(portal, "/api/systems", systemListSchema);
  const system = systems.find((s) => s.id === wanted) ?? systems.find((s) => s.name === wanted);
  if (!system) throw new KbpError("portal", "NOT_FOUND", `No system ${JSON.stringify(wanted)} on the portal.`);
  return system;
}

async function checkOutDir(out: string): Promise<void> {
  const info = await stat(out).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`--out is not a folder: ${out}.`);
}

export async function runBackupCommand(run: BackupRun, progress: BackupProgress): Promise<void> {
  await checkOutDir(run.out);
  const system = await resolveSystem(run.portal, run.system);
  progress.systemId = system.id;

  const abort = new AbortController();
  const onOuterAbort = () => abort.abort(new KbpError("transfer", "CANCELLED", "Stopped by a signal."));
  run.signal?.addEventListener("abort", onOuterAbort, { once: true });
  let idle: NodeJS.Timeout | undefined;
  const armIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(
      () => abort.abort(new KbpError("transfer", "TIMEOUT", "The portal sent nothing for too long.")),
      run.idleTimeoutMs ?? IDLE_TIMEOUT_MS,
    );
  };

  let partial: string | undefined;
  try {
    if (run.signal?.aborted) throw new KbpError("transfer", "CANCELLED", "Stopped by a signal.");
    armIdle();
    const response = await send(`${run.portal.url}/api/systems/${system.id}/backups`, {
      method: "POST",
      headers: headers(run.portal, true),
      body: JSON.stringify({ ...run.secrets, backupPasswordConfirmation: run.secrets.backupPassword }),
      signal: abort.signal,
    });
    if (!response.ok) throw await refusal(response);
    const backupId = response.headers.get(BACKUP_ID_HEADER);
    if (!backupId || !response.body) throw new KbpError("portal", "UNEXPECTED_ANSWER", "The portal sent no backup.");
    progress.backupId = backupId;
    const announced = response.headers.get(BACKUP_EXPECTED_SIZE_HEADER);
    const fileName = fileNameFrom(response.headers.get("Content-Disposition"), backupId);

    const target = path.join(run.out, `.${fileName}.partial`);
    // Only a file this run created is ever deleted.
    const received = await receive(response.body, target, () => (partial = target), armIdle, abort.signal);
    clearTimeout(idle);
    if (announced !== null && /^\d+$/.test(announced)) received.expectedBytes = Number(announced);
    progress.sizeBytes = received.bytes;
    progress.sha256 = received.sha256;

    const route = `/api/systems/${system.id}/backups/${backupId}`;
    const { backup } = await getJson(run.portal, route, backupResponseSchema);
    const mismatch = checkReceived(received, backup);
    if (mismatch) throw mismatch;
    const record = await postJson(
      run.portal,
      `${route}/verification`,
      { sha256: received.sha256 },
      backupVerificationResponseSchema,
    );
    const unverified = checkVerification(record.verification);
    if (unverified) throw unverified;

    const final = path.join(run.out, fileName);
    await link(target, final).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EEXIST") throw new KbpError("transfer", "FILE_EXISTS", `${final} exists already.`);
      throw new KbpError("transfer", "WRITE_FAILED", `Could not name the file ${final} (${error.code}).`);
    });
    await rm(target, { force: true });
    partial = undefined;
    progress.file = final;
  } finally {
    clearTimeout(idle);
    run.signal?.removeEventListener("abort", onOuterAbort);
    if (partial) await rm(partial, { force: true });
  }
}

/** Streams the body into a new file (exclusive, 0600), counting and hashing; fsynced before it returns. */
async function receive(
  body: ReadableStream<Uint8Array>,
  file: string,
  onCreated: () => void,
  onChunk: () => void,
  signal: AbortSignal,
): Promise<ReceivedFile> {
  const handle = await open(file, "wx", 0o600).catch((error: NodeJS.ErrnoException) => {
    throw new KbpError("transfer", "WRITE_FAILED", `Could not create ${file} (${error.code}).`);
  });
  onCreated();
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    try {
      for await (const chunk of body) {
        onChunk();
        hash.update(chunk);
        bytes += chunk.length;
        await handle.write(chunk);
      }
    } catch (error) {
      if (signal.reason instanceof KbpError) throw signal.reason;
      if (error instanceof KbpError) throw error;
      if ((error as NodeJS.ErrnoException).syscall === "write") {
        throw new KbpError("transfer", "WRITE_FAILED", `Could not write ${file}.`);
      }
      throw new KbpError("transfer", "STREAM_BROKEN", `The transfer broke off after ${bytes} bytes.`);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { bytes, sha256: hash.digest("hex") };
}
