import type { ReactNode } from "react";

import { Button } from "./button";

/** A form's submit button and a Cancel button beside it. */
export function SubmitCancelButtons({
  children,
  pending,
  onCancel,
}: {
  /** The submit button's text. */
  children: ReactNode;
  pending: boolean;
  onCancel: () => void;
}) {
  return (
    <div className="flex flex-wrap gap-3">
      <Button type="submit" pending={pending}>
        {children}
      </Button>
      <Button variant="secondary" onClick={onCancel}>
        Cancel
      </Button>
    </div>
  );
}
