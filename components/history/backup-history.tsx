"use client";

import { useInfiniteQuery } from "@tanstack/react-query";

import { ApiErrorAlert } from "@/components/ui/api-error-alert";
import { Button } from "@/components/ui/button";
import { ColumnHeaders } from "@/components/ui/table-parts";
import { backupHistoryQueryKey, fetchBackupPage } from "@/lib/api-client/backups";
import type { BackupPageBody } from "@/lib/schemas/backup";

import { BackupHistoryRow } from "./backup-history-row";

// While a backup runs, its row changes without this page doing anything: look again now and then.
const RUNNING_POLL_MS = 3_000;

const COLUMNS = [
  "Started (UTC)",
  "Finished",
  "User",
  "Status",
  "Size",
  "SHA-256",
  "File name",
  "Serial / microcode",
  "Error",
];

/** A system's backups, newest first; "Load more" fetches older ones. */
export function BackupHistory({
  systemId,
  initialPage,
  labelledBy,
}: {
  systemId: string;
  initialPage: BackupPageBody;
  labelledBy: string;
}) {
  const history = useInfiniteQuery({
    queryKey: backupHistoryQueryKey(systemId),
    queryFn: ({ pageParam }) => fetchBackupPage(systemId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: { pages: [initialPage], pageParams: [null] },
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.items.some((item) => item.status === "running"))
        ? RUNNING_POLL_MS
        : false,
  });
  const items = history.data.pages.flatMap((page) => page.items);
  const signInNext = `/systems/${encodeURIComponent(systemId)}`;

  if (items.length === 0) {
    return (
      <div className="flex flex-col gap-3">
        {history.isError ? <ApiErrorAlert error={history.error} signInNext={signInNext} /> : null}
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-8 text-center text-slate-700">
          No backups of this storage system yet.
        </p>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      {history.isError ? <ApiErrorAlert error={history.error} signInNext={signInNext} /> : null}
      {/* Focusable so that keyboard users can scroll the wide table sideways. */}
      <div
        role="region"
        aria-label="Backup history table"
        tabIndex={0}
        className="overflow-x-auto rounded-lg border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-blue-600"
      >
        <table aria-labelledby={labelledBy} className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <ColumnHeaders columns={COLUMNS} className="px-3 py-2 font-medium whitespace-nowrap" />
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <BackupHistoryRow key={item.id} item={item} />
            ))}
          </tbody>
        </table>
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <p className="text-sm text-slate-700">
          Showing {items.length} {items.length === 1 ? "backup" : "backups"}
          {history.hasNextPage ? "." : ", the oldest included."}
        </p>
        {history.hasNextPage ? (
          <Button variant="secondary" pending={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
            Load more
          </Button>
        ) : null}
      </div>
    </div>
  );
}
