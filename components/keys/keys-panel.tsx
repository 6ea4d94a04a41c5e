"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { Alert } from "@/components/ui/alert";
import { ApiErrorAlert } from "@/components/ui/api-error-alert";
import { useFocusOn } from "@/components/ui/use-focus-on";
import { fetchLatestKeyCheck, keyCheckQueryKey } from "@/lib/api-client/key-checks";
import type { KeyCheck } from "@/lib/schemas/key-check";

import { CheckKeysForm } from "./check-keys-form";
import { KeyCheckView } from "./key-check-view";

/**
 * A system's keys: the latest key check (from the page, then kept fresh by the query cache) and,
 * for operators on a system that is not removed, the form that runs a new one.
 */
export function KeysPanel({
  systemId,
  initialKeyCheck,
  canCheck,
}: {
  systemId: string;
  initialKeyCheck: KeyCheck | null;
  canCheck: boolean;
}) {
  const latest = useQuery({
    queryKey: keyCheckQueryKey(systemId),
    queryFn: () => fetchLatestKeyCheck(systemId),
    initialData: initialKeyCheck,
  });
  // Set when this page ran a check: the new snapshot is announced and takes focus.
  const [checked, setChecked] = useState<KeyCheck | null>(null);
  const resultRef = useFocusOn<HTMLDivElement>(checked);
  const keyCheck = latest.data;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-3">
        <h3 className="font-semibold">Latest key check</h3>
        {latest.isError ? (
          <ApiErrorAlert error={latest.error} signInNext={`/systems/${encodeURIComponent(systemId)}`} />
        ) : null}
        {checked && keyCheck?.id === checked.id ? (
          <Alert
            ref={resultRef}
            tabIndex={-1}
            tone="success"
            className="focus-visible:outline-2 focus-visible:outline-blue-600"
          >
            Keys checked. The snapshot below is the one just taken.
          </Alert>
        ) : null}
        <KeyCheckView keyCheck={keyCheck} />
      </div>
      {canCheck ? (
        <div className="border-t border-slate-200 pt-4">
          <CheckKeysForm systemId={systemId} onChecked={setChecked} />
        </div>
      ) : null}
    </div>
  );
}
