"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";

import { backupHistoryQueryKey } from "@/lib/api-client/backups";
import type { BackupRequest } from "@/lib/schemas/backup-password";

import { downloadBackup, TransferError, type ReceivedBackup } from "./download-backup";
import { recordCheck, type CheckRecord } from "./record-check";
import { saveFile } from "./save-file";
import { createThrottle, progressText } from "./transfer-maths";
import { verifyBackup, type Verification } from "./verify-backup";

export type BackupState =
  | { phase: "idle" }
  | { phase: "requesting" }
  | { phase: "transferring"; received: number; expected: number | undefined }
  /** Handed to the browser's downloads; the checksum comparison is running. */
  | { phase: "verifying"; saved: SavedBackup }
  /** Compared; `record` is what became of reporting the check to the portal. */
  | { phase: "done"; saved: SavedBackup; verification: Verification; record: CheckRecord }
  /** Refused before the first byte (an ApiError, or something unexpected in the browser). */
  | { phase: "refused"; error: unknown }
  /** The transfer started but did not finish: nothing saved. */
  | { phase: "failed"; failure: TransferError }
  | { phase: "cancelled"; received: number };

export type SavedBackup = Omit<ReceivedBackup, "blob">;

// The bar may move a few times a second; the spoken progress only once every few seconds.
const BAR_INTERVAL_MS = 250;
const ANNOUNCE_INTERVAL_MS = 3_000;

/**
 * Runs one backup: the streamed download, handing it to the browser's downloads, checking the
 * received bytes' SHA-256 against the portal's record, and reporting that check to the portal so
 * it is recorded. `announcement` is the text for a polite live region.
 */
export function useBackupDownload(options: { systemId: string; systemName: string; onSaved?: () => void }) {
  const { systemId, systemName, onSaved } = options;
  const queryClient = useQueryClient();
  const [state, setState] = useState<BackupState>({ phase: "idle" });
  const [announcement, setAnnouncement] = useState("");
  const controllerRef = useRef<AbortController | null>(null);
  // Which run the state belongs to: a late answer of an earlier run must not overwrite a newer one.
  const runRef = useRef(0);
  const onSavedRef = useRef(onSaved);
  useEffect(() => {
    onSavedRef.current = onSaved;
  }, [onSaved]);
  // Leaving the page mid-transfer ends the transfer (the server records "cancelled").
  useEffect(() => () => controllerRef.current?.abort(), []);

  const refreshHistory = useCallback(
    () => queryClient.invalidateQueries({ queryKey: backupHistoryQueryKey(systemId) }),
    [queryClient, systemId],
  );

  const start = useCallback(
    async (body: BackupRequest) => {
      if (controllerRef.current) return;
      const run = ++runRef.current;
      const controller = new AbortController();
      controllerRef.current = controller;
      setState({ phase: "requesting" });
      setAnnouncement("Starting the backup…");
      const barGate = createThrottle(BAR_INTERVAL_MS);
      const announceGate = createThrottle(ANNOUNCE_INTERVAL_MS);
      let received: ReceivedBackup;
      try {
        received = await downloadBackup(systemId, body, {
          signal: controller.signal,
          fallbackFileName: `${systemName.replace(/[^\p{L}\p{N}._-]/gu, "_") || "storage"}.ekf`,
          onStarted: ({ expected }) => {
            setState({ phase: "transferring", received: 0, expected });
            setAnnouncement("Downloading the key file…");
            announceGate();
            void refreshHistory();
          },
          onProgress: (bytes, expected) => {
            if (barGate()) setState({ phase: "transferring", received: bytes, expected });
            if (announceGate()) setAnnouncement(progressText(bytes, expected));
          },
        });
      } catch (error) {
        controllerRef.current = null;
        setAnnouncement("");
        if (error instanceof TransferError) {
          setState(
            error.kind === "cancelled"
              ? { phase: "cancelled", received: error.received }
              : { phase: "failed", failure: error },
          );
        } else {
          setState({ phase: "refused", error });
        }
        // A refusal from the storage system is recorded too (as "failed").
        void refreshHistory();
        return;
      }
      controllerRef.current = null;
      const { blob, ...saved } = received;
      saveFile(blob, saved.fileName);
      setState({ phase: "verifying", saved });
      setAnnouncement(`Downloaded ${saved.fileName}. Comparing it with the portal's record…`);
      onSavedRef.current?.();
      const verification: Verification = await verifyBackup(systemId, received).catch(() => ({
        kind: "unverifiable",
        reason: "The browser could not compute the checksum of the downloaded data.",
      }));
      if (run !== runRef.current) return;
      const pending = verification.sha256 !== undefined;
      setState({
        phase: "done",
        saved,
        verification,
        record: pending ? { kind: "recording" } : { kind: "nothing-to-record" },
      });
      setAnnouncement("");
      void refreshHistory();
      if (!pending) return;
      const record = await recordCheck(systemId, saved.backupId, verification.sha256);
      if (run !== runRef.current) return;
      setState({ phase: "done", saved, verification, record });
      void refreshHistory();
    },
    [refreshHistory, systemId, systemName],
  );

  const cancel = useCallback(() => controllerRef.current?.abort(), []);
  const reset = useCallback(() => {
    if (controllerRef.current) return;
    runRef.current += 1;
    setState({ phase: "idle" });
  }, []);

  return { state, announcement, start, cancel, reset };
}
