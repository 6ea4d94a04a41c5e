import { TextField, type TextFieldProps } from "@/components/ui/text-field";

import { STORAGE_DEVICE_ID_HINT } from "./field-hints";

/** The optional storageDeviceId of a system behind a REST API server. */
export function StorageDeviceIdField(props: Omit<TextFieldProps, "label" | "hint">) {
  return (
    <TextField
      label="storageDeviceId (REST API server only)"
      hint={STORAGE_DEVICE_ID_HINT}
      inputMode="numeric"
      autoComplete="off"
      spellCheck={false}
      {...props}
    />
  );
}
