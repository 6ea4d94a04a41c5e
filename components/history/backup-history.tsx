"use client";

import { useInfiniteQuery } from "@tanstack/react-query";

import { Alert } from "@/components/ui/alert";
import { ApiErrorAlert } from "@/components/ui/api-error-alert";
import { Button } from "@/components/ui/button";
import { backupHistoryCsvHref, backupHistoryQueryKey, fetchBackupPage } from "@/lib/api-client/backups";
import type { BackupHistoryFilters, BackupPageBody } from "@/lib/schemas/backup";

import { BackupHistoryRow } from "./backup-history-row";
import { CsvLink } from "./csv-link";
import { hasFilters } from "./filter-values";
import { HistoryFilterForm } from "./history-filter-form";
import { HistoryTable } from "./history-table";

// While a backup runs, its row changes without this page doing anything: look again now and then.
const RUNNING_POLL_MS = 3_000;

/**
 * A system's backups, newest first, narrowed by the filters in the page's URL; "Load more" fetches
 * older ones (keyset pages), "Download CSV" the whole filtered history.
 */
export function BackupHistory({
  systemId,
  initialPage,
  labelledBy,
  filters = {},
  filtersInvalid = false,
}: {
  systemId: string;
  initialPage: BackupPageBody;
  labelledBy: string;
  filters?: BackupHistoryFilters;
  /** The address held filters that are not valid; the list is shown unfiltered. */
  filtersInvalid?: boolean;
}) {
  const history = useInfiniteQuery({
    queryKey: backupHistoryQueryKey(systemId, filters),
    queryFn: ({ pageParam }) => fetchBackupPage(systemId, pageParam, filters),
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
  const filtered = hasFilters(filters);

  const header = (
    <>
      {/* Remounted when the URL's filters change, so the form shows what the list shows. */}
      <HistoryFilterForm key={JSON.stringify(filters)} filters={filters} />
      {filtersInvalid ? (
        <Alert tone="warning">The filters in this address are not valid, so every backup is shown.</Alert>
      ) : null}
      {history.isError ? <ApiErrorAlert error={history.error} signInNext={signInNext} /> : null}
    </>
  );

  if (items.length === 0) {
    return (
      <div className="flex flex-col gap-3">
        {header}
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-8 text-center text-slate-700">
          {filtered ? "No backups match these filters." : "No backups of this storage system yet."}
        </p>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      {header}
      <HistoryTable labelledBy={labelledBy}>
        {items.map((item) => (
          <BackupHistoryRow key={item.id} item={item} />
        ))}
      </HistoryTable>
      <div className="flex flex-wrap items-center gap-4">
        <p className="text-sm text-slate-700">
          Showing {items.length} {items.length === 1 ? "backup" : "backups"}
          {filtered ? " matching the filters" : ""}
          {history.hasNextPage ? "." : ", the oldest included."} Times are local; hover for UTC.
        </p>
        {history.hasNextPage ? (
          <Button variant="secondary" pending={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
            Load more
          </Button>
        ) : null}
        <CsvLink href={backupHistoryCsvHref(systemId, filters)} />
      </div>
    </div>
  );
}
