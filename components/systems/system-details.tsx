import { DescriptionList } from "@/components/ui/description-list";
import { UtcTime } from "@/components/ui/utc-time";
import type { SystemView } from "@/lib/schemas/system";

import { KeyBackupStatus } from "./key-backup-refusal";

const NOT_TESTED = <span className="text-slate-600">Not tested yet</span>;

/** Where the system is and what it said about itself at the last successful connection test. */
export function SystemDetails({ system }: { system: SystemView }) {
  const identity = system.identity;
  return (
    <DescriptionList
      items={[
        { term: "Base URL", description: <span className="font-mono text-xs break-all">{system.baseUrl}</span> },
        {
          term: "storageDeviceId",
          description: system.storageDeviceId ? (
            <span className="font-mono text-xs">{system.storageDeviceId}</span>
          ) : (
            <span className="text-slate-600">None (the system&apos;s own REST API)</span>
          ),
        },
        { term: "Model", description: identity?.model ?? NOT_TESTED },
        { term: "Serial number", description: identity ? String(identity.serialNumber) : NOT_TESTED },
        {
          term: "Microcode",
          description: identity ? (
            <span className="font-mono text-xs">{identity.microcode ?? "Not reported"}</span>
          ) : (
            NOT_TESTED
          ),
        },
        { term: "API version", description: identity?.apiVersion || NOT_TESTED },
        { term: "Last checked", description: identity ? <UtcTime iso={identity.checkedAt} /> : NOT_TESTED },
        { term: "Key backup", description: <KeyBackupStatus refusal={system.keyBackupRefusal} /> },
      ]}
    />
  );
}
