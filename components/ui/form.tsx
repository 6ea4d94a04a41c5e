"use client";

import { useSyncExternalStore, type ComponentPropsWithRef } from "react";

const subscribe = () => () => {};

/**
 * False while the server's HTML is shown, true once React has hydrated: when a Form's controls
 * are enabled, e.g. for moving focus into the first field only when it can take input.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/**
 * A form that cannot be submitted before React has hydrated it. Until then its controls are
 * disabled: a native submission would put typed passwords in the URL (GET) or send them where
 * nothing expects them. `method="post"` is a second guard. Submit through `onSubmit`.
 */
export function Form({ children, ...props }: ComponentPropsWithRef<"form">) {
  const hydrated = useHydrated();
  return (
    <form method="post" noValidate {...props}>
      <fieldset disabled={!hydrated} className="contents">
        {children}
      </fieldset>
    </form>
  );
}
