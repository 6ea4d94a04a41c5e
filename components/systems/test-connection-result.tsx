import type { Ref } from "react";

import { Alert } from "@/components/ui/alert";
import { DescriptionList } from "@/components/ui/description-list";
import type { TestConnectionResult } from "@/lib/schemas/system";

/** What a successful connection test found. Key backup support is not among it: only a backup tells. */
export function TestConnectionResultView({ result, ref }: { result: TestConnectionResult; ref?: Ref<HTMLDivElement> }) {
  const { identity } = result;
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      tone="success"
      role="status"
      title="Connection succeeded"
      className="focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
    >
      <div className="flex flex-col gap-3">
        <DescriptionList
          items={[
            { term: "Model", description: identity.model },
            { term: "Serial number", description: String(identity.serialNumber) },
            ...(identity.storageDeviceId ? [{ term: "storageDeviceId", description: identity.storageDeviceId }] : []),
            { term: "Microcode", description: identity.microcode ?? "Not reported" },
            { term: "API version", description: result.apiVersion },
          ]}
        />
        <p>{result.message}</p>
      </div>
    </Alert>
  );
}
