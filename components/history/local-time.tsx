"use client";

import { useSyncExternalStore } from "react";

import { formatUtc } from "@/components/ui/utc-time";

import { formatLocal, utcTitle } from "./history-format";

const subscribe = () => () => {};

/**
 * An instant in the reader's local time, the UTC instant on hover. The server does not know the
 * reader's zone, so the page first shows UTC and switches once hydrated (no mismatch).
 */
export function LocalTime({ iso }: { iso: string }) {
  const hydrated = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  return (
    <time dateTime={iso} title={utcTitle(iso)}>
      {hydrated ? formatLocal(iso) : formatUtc(iso, { seconds: true })}
    </time>
  );
}
