import Link from "next/link";
import type { ComponentPropsWithRef, Ref } from "react";

import { Alert } from "@/components/ui/alert";
import { Checkbox } from "@/components/ui/checkbox";

import type { ExistingSystem } from "./register-duplicate-address";

/**
 * The warning that another registered system already uses this address, and the explicit
 * confirmation registering anyway needs: one array registered twice would split its backup
 * history between two systems.
 */
export function RegisterDuplicateWarning({
  existing,
  error,
  ref,
  ...checkbox
}: Omit<ComponentPropsWithRef<"input">, "type" | "children"> & {
  existing: ExistingSystem;
  error?: string;
  ref?: Ref<HTMLInputElement>;
}) {
  return (
    <Alert tone="warning" title="Another registered system already uses this address.">
      <div className="flex flex-col gap-3">
        <p className="break-words">
          <Link href={`/systems/${encodeURIComponent(existing.id)}`} className="font-medium underline">
            {existing.name}
          </Link>{" "}
          is registered at <span className="font-mono text-xs break-all">{existing.baseUrl}</span>. If this is the same
          storage system, use that one instead: registering it again starts a second backup history, and the
          array&apos;s backups would be split between the two.
        </p>
        <Checkbox
          ref={ref}
          label="This is a different storage system at the same address: register it anyway."
          error={error}
          {...checkbox}
        />
      </div>
    </Alert>
  );
}
