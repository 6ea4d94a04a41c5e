"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { CsvLink } from "@/components/history/csv-link";
import { hasFilters } from "@/components/history/filter-values";
import { Alert } from "@/components/ui/alert";
import { ApiErrorAlert } from "@/components/ui/api-error-alert";
import { Button } from "@/components/ui/button";
import { LabelledTable } from "@/components/ui/table-parts";
import { auditCsvHref, auditQueryKey, fetchAuditPage } from "@/lib/api-client/audit";
import type { AuditFilters, AuditPageBody } from "@/lib/schemas/audit";

import { AuditFilterForm } from "./audit-filter-form";
import { AuditRow } from "./audit-row";

const COLUMNS = ["Time (UTC)", "Actor", "Client address", "Action", "Target", "Outcome", "Details"];

/**
 * The audit log, newest first, narrowed by the filters in the page's URL, one page at a time
 * ("Load more" fetches older events); "Download CSV" the whole filtered log.
 */
export function AuditLog({
  initialPage,
  labelledBy,
  filters = {},
  filtersInvalid = false,
}: {
  initialPage: AuditPageBody;
  labelledBy: string;
  filters?: AuditFilters;
  /** The address held filters that are not valid; the log is shown unfiltered. */
  filtersInvalid?: boolean;
}) {
  const audit = useInfiniteQuery({
    queryKey: auditQueryKey(filters),
    queryFn: ({ pageParam }) => fetchAuditPage(pageParam, filters),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: { pages: [initialPage], pageParams: [null] },
  });
  // After "Load more", focus goes to the first event that came in, where reading goes on.
  const [focusId, setFocusId] = useState<string | null>(null);
  useEffect(() => {
    if (focusId) document.getElementById(`audit-${focusId}`)?.focus();
  }, [focusId]);

  const items = audit.data.pages.flatMap((page) => page.items);
  const loadMore = async () => {
    const result = await audit.fetchNextPage();
    const first = result.data?.pages.at(-1)?.items[0];
    if (first && !result.isError) setFocusId(first.id);
  };

  const filtered = hasFilters(filters);
  const header = (
    <>
      {/* Remounted when the URL's filters change, so the form shows what the list shows. */}
      <AuditFilterForm key={JSON.stringify(filters)} filters={filters} />
      {filtersInvalid ? (
        <Alert tone="warning">The filters in this address are not valid, so every event is shown.</Alert>
      ) : null}
    </>
  );

  if (items.length === 0) {
    return (
      <div className="flex flex-col gap-4">
        {header}
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
          {filtered ? "No audit events match these filters." : "No audit events yet."}
        </p>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      {header}
      <LabelledTable labelledBy={labelledBy} columns={COLUMNS} headerClassName="px-3 py-2 font-medium">
        {items.map((item) => (
          <AuditRow key={item.id} item={item} />
        ))}
      </LabelledTable>
      {audit.isFetchNextPageError && audit.error ? <ApiErrorAlert error={audit.error} signInNext="/audit" /> : null}
      <div className="flex flex-wrap items-center gap-4">
        <p role="status" className="text-sm text-slate-700">
          Showing {items.length} {items.length === 1 ? "event" : "events"}
          {filtered ? " matching the filters" : ""}
          {audit.hasNextPage ? "." : ", the oldest included."}
        </p>
        {audit.hasNextPage ? (
          <Button variant="secondary" pending={audit.isFetchingNextPage} onClick={loadMore}>
            Load more
          </Button>
        ) : null}
        <CsvLink href={auditCsvHref(filters)} />
      </div>
    </div>
  );
}
