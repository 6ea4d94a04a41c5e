"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { ApiErrorAlert } from "@/components/ui/api-error-alert";
import { Button } from "@/components/ui/button";
import { LabelledTable } from "@/components/ui/table-parts";
import { auditQueryKey, fetchAuditPage } from "@/lib/api-client/audit";
import type { AuditPageBody } from "@/lib/schemas/audit";

import { AuditRow } from "./audit-row";

const COLUMNS = ["Time (UTC)", "Actor", "Client address", "Action", "Target", "Outcome", "Details"];

/** The audit log, newest first, one page at a time ("Load more" fetches older events). */
export function AuditLog({ initialPage, labelledBy }: { initialPage: AuditPageBody; labelledBy: string }) {
  const audit = useInfiniteQuery({
    queryKey: auditQueryKey,
    queryFn: ({ pageParam }) => fetchAuditPage(pageParam),
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

  if (items.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
        No audit events yet.
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      <LabelledTable labelledBy={labelledBy} columns={COLUMNS} headerClassName="px-3 py-2 font-medium">
        {items.map((item) => (
          <AuditRow key={item.id} item={item} />
        ))}
      </LabelledTable>
      {audit.isFetchNextPageError && audit.error ? <ApiErrorAlert error={audit.error} signInNext="/audit" /> : null}
      <div className="flex flex-wrap items-center gap-4">
        <p role="status" className="text-sm text-slate-700">
          Showing {items.length} {items.length === 1 ? "event" : "events"}
          {audit.hasNextPage ? "." : ", the oldest included."}
        </p>
        {audit.hasNextPage ? (
          <Button variant="secondary" pending={audit.isFetchingNextPage} onClick={loadMore}>
            Load more
          </Button>
        ) : null}
      </div>
    </div>
  );
}
