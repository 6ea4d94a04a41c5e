import { Alert } from "./alert";
import { useFocusOn } from "./use-focus-on";

/**
 * A success message that takes focus each time a new `notice` comes (keep it in state as a new
 * object per message, so the same text twice still moves focus).
 */
export function SuccessNotice({ notice }: { notice: { text: string } | null }) {
  const ref = useFocusOn<HTMLDivElement>(notice);
  if (!notice) return null;
  return (
    <Alert ref={ref} tabIndex={-1} tone="success" className="focus-visible:outline-2 focus-visible:outline-blue-600">
      {notice.text}
    </Alert>
  );
}
