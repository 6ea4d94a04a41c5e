"use client";

import { useSyncExternalStore, type ComponentPropsWithRef } from "react";

const subscribe = () => () => {};

/**
 * A form that cannot be submitted before React has hydrated it. Until then its controls are
 * disabled: a native submission would put typed passwords in the URL (GET) or send them where
 * nothing expects them. `method="post"` is a second guard. Submit through `onSubmit`.
 */
export function Form({ children, ...props }: ComponentPropsWithRef<"form">) {
  const hydrated = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  return (
    <form method="post" noValidate {...props}>
      <fieldset disabled={!hydrated} className="contents">
        {children}
      </fieldset>
    </form>
  );
}
