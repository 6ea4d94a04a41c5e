import Link from "next/link";
import type { Ref } from "react";

import { ApiError } from "@/lib/api-client/api-error";

import { Alert } from "./alert";
import { DescriptionList, type DescriptionItem } from "./description-list";
import { describeError, type ErrorDescription, type ErrorTitles } from "./error-description";

function storageItems(error: unknown): DescriptionItem[] {
  const storage = error instanceof ApiError ? error.detail.storage : undefined;
  if (!storage) return [];
  const items: DescriptionItem[] = [];
  if (storage.message) items.push({ term: "Storage system says", description: storage.message });
  if (storage.solution) items.push({ term: "Its suggested solution", description: storage.solution });
  if (storage.messageId)
    items.push({ term: "Message ID", description: <span className="font-mono">{storage.messageId}</span> });
  if (storage.status !== undefined) items.push({ term: "HTTP status", description: storage.status });
  return items;
}

/**
 * An error alert for a failed API call: a short headline, the portal's message (which says what
 * to do next), and the storage system's own message and solution when it sent one. Focusable, so
 * a form can move focus here.
 */
export function ApiErrorAlert({
  error,
  titles,
  description,
  signInNext,
  showFieldMessages = false,
  ref,
}: {
  error: unknown;
  /** Headlines by error code for this context; see describeError. */
  titles?: ErrorTitles;
  /** The headline and message worked out by the caller, in place of describeError's. */
  description?: ErrorDescription;
  /** List the per-field messages too, for a form that has no field to show them on. */
  showFieldMessages?: boolean;
  /** Where to come back to after signing in again, when the session has ended. */
  signInNext?: string;
  ref?: Ref<HTMLDivElement>;
}) {
  const { title, detail } = description ?? describeError(error, titles);
  const items = storageItems(error);
  const signedOut = error instanceof ApiError && error.code === "UNAUTHENTICATED";
  const fieldMessages =
    showFieldMessages && error instanceof ApiError ? Object.values(error.detail.fields ?? {}).flat() : [];
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      tone="error"
      title={title}
      className="focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
    >
      {detail || items.length > 0 || signedOut || fieldMessages.length > 0 ? (
        <div className="flex flex-col gap-2">
          {detail ? <p>{detail}</p> : null}
          {fieldMessages.length > 0 ? (
            <ul className="list-disc pl-5">
              {fieldMessages.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          ) : null}
          {items.length > 0 ? <DescriptionList items={items} /> : null}
          {signedOut ? (
            <p>
              <Link
                href={signInNext ? `/login?next=${encodeURIComponent(signInNext)}` : "/login"}
                className="font-medium underline"
              >
                Sign in again
              </Link>
            </p>
          ) : null}
        </div>
      ) : null}
    </Alert>
  );
}
