import { useEffect, useRef, type RefObject } from "react";

/**
 * Moves focus to the returned ref's element whenever `signal` becomes a new truthy value (e.g. a
 * mutation's `error` or `data`), so a keyboard or screen-reader user lands on the result of what
 * they just submitted. Give the element tabIndex={-1} if it is not focusable by itself.
 */
export function useFocusOn<T extends HTMLElement>(signal: unknown): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (signal) ref.current?.focus();
  }, [signal]);
  return ref;
}
