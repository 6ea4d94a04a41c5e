import type { FieldError } from "react-hook-form";

import { fieldMessages } from "./field-messages";

/** A field's messages for TextField's `error`, one per line (spans: the error is a <p>). */
export function fieldErrorText(error: FieldError | undefined) {
  const messages = fieldMessages(error);
  if (messages.length === 0) return undefined;
  return messages.map((message) => (
    <span key={message} className="block">
      {message}
    </span>
  ));
}
