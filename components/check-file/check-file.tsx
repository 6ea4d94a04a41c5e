"use client";

import Link from "next/link";
import { useState, type ChangeEvent } from "react";

import { LocalTime } from "@/components/history/local-time";
import { Alert } from "@/components/ui/alert";
import { ApiErrorAlert } from "@/components/ui/api-error-alert";
import { Checksum } from "@/components/ui/checksum";
import { DescriptionList } from "@/components/ui/description-list";
import { formatBytes } from "@/components/ui/format";
import { TextField } from "@/components/ui/text-field";
import type { ChecksumMatch } from "@/lib/schemas/backup";

import { checkSavedFile, fileCheckTitle, type FileCheck } from "./check-saved-file";

type State = { kind: "idle" } | { kind: "checking" } | { kind: "failed"; error: unknown } | FileCheck;

function MatchDetails({ match }: { match: ChecksumMatch }) {
  return (
    <DescriptionList
      items={[
        {
          term: "Storage system",
          description: (
            <Link href={`/systems/${encodeURIComponent(match.systemId)}`} className="underline underline-offset-4">
              {match.systemName}
            </Link>
          ),
        },
        { term: "Backed up at", description: <LocalTime iso={match.startedAt} /> },
        { term: "By", description: match.username },
        { term: "File name then", description: match.fileName ?? "not recorded" },
        { term: "Size", description: match.bytes === null ? "not recorded" : formatBytes(match.bytes) },
      ]}
    />
  );
}

function Result({ state }: { state: State }) {
  switch (state.kind) {
    case "idle":
      return null;
    case "checking":
      return <p role="status">Computing the file’s SHA-256 and asking the portal…</p>;
    case "failed":
      return <ApiErrorAlert error={state.error} signInNext="/check-file" />;
    case "unhashable":
      return (
        <Alert tone="warning" title={fileCheckTitle(state)}>
          Browsers compute checksums only on https pages. Compute the file’s SHA-256 yourself (sha256sum, Get-FileHash)
          and compare it with the one in a system’s backup history.
        </Alert>
      );
    case "no-match":
      return (
        <Alert tone="warning" title={fileCheckTitle(state)}>
          <p>
            No succeeded backup had this SHA-256: the file was not produced through the portal, or it has changed since.
          </p>
          <div className="mt-2">
            <Checksum value={state.sha256} />
          </div>
        </Alert>
      );
    case "match":
      return (
        <Alert tone="success" title={fileCheckTitle(state)}>
          <div className="flex flex-col gap-4">
            {state.matches.map((match) => (
              <MatchDetails key={match.backupId} match={match} />
            ))}
            <Checksum value={state.sha256} />
          </div>
        </Alert>
      );
  }
}

/** Pick a saved key file: the browser hashes it (the file stays here) and the portal says which backup it is. */
export function CheckFile() {
  const [state, setState] = useState<State>({ kind: "idle" });

  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return setState({ kind: "idle" });
    setState({ kind: "checking" });
    try {
      setState(await checkSavedFile(file));
    } catch (error) {
      setState({ kind: "failed", error });
    }
  };

  return (
    <div className="flex flex-col gap-4">
      <TextField
        type="file"
        label="Saved key file (.ekf)"
        hint="The file is read in this browser only; just its SHA-256 is sent to the portal."
        accept=".ekf,application/octet-stream"
        onChange={pick}
        disabled={state.kind === "checking"}
      />
      <div aria-live="polite">
        <Result state={state} />
      </div>
    </div>
  );
}
