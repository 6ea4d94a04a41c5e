"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { Alert } from "@/components/ui/alert";
import { ApiErrorAlert } from "@/components/ui/api-error-alert";
import { CopyButton } from "@/components/ui/copy-button";
import { ColumnHeaders } from "@/components/ui/table-parts";
import { fetchTokens, tokensQueryKey } from "@/lib/api-client/tokens";
import type { PublicToken } from "@/lib/schemas/token";

import { CreateTokenForm, type SystemChoice } from "./create-token-form";
import { TokenRow } from "./token-row";

const COLUMNS = ["Name", "Role", "Systems", "Created", "Expires", "Last used", "Actions"];

/** The admins' service tokens: the one-time display of a new token, the list, the create form. */
export function TokensPanel({ initialTokens, systems }: { initialTokens: PublicToken[]; systems: SystemChoice[] }) {
  const tokens = useQuery({ queryKey: tokensQueryKey, queryFn: fetchTokens, initialData: initialTokens });
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const systemNames = new Map(systems.map((system) => [system.id, system.name]));
  return (
    <div className="flex flex-col gap-6">
      <div role="status" aria-live="polite">
        {created ? (
          <Alert tone="success" live={false} title={`Token ${created.name} created`}>
            <p>
              Copy it now: it will not be shown again. Scripts send it as{" "}
              <code>Authorization: Bearer &lt;token&gt;</code>.
            </p>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <code className="rounded bg-white px-2 py-1 font-mono text-sm break-all">{created.token}</code>
              <CopyButton text={created.token} size="sm" variant="secondary">
                Copy token
              </CopyButton>
            </div>
          </Alert>
        ) : message ? (
          <Alert tone="success" live={false}>
            {message}
          </Alert>
        ) : null}
      </div>
      {tokens.error ? <ApiErrorAlert error={tokens.error} signInNext="/tokens" /> : null}
      <div
        role="region"
        aria-label="Tokens table"
        tabIndex={0}
        className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white p-4 focus-visible:outline-2 focus-visible:outline-blue-600"
      >
        <table className="w-full text-sm">
          <caption className="sr-only">Service tokens</caption>
          <thead>
            <tr className="text-left text-slate-600">
              <ColumnHeaders columns={COLUMNS} className="py-2 pr-4 font-medium" lastClassName="py-2 font-medium" />
            </tr>
          </thead>
          <tbody>
            {tokens.data.length === 0 ? (
              <tr>
                <td colSpan={COLUMNS.length} className="py-2 text-slate-600">
                  No tokens yet.
                </td>
              </tr>
            ) : (
              tokens.data.map((token) => (
                <TokenRow
                  key={token.id}
                  token={token}
                  systemNames={systemNames}
                  onRevoked={(text) => {
                    setCreated(null);
                    setMessage(text);
                  }}
                />
              ))
            )}
          </tbody>
        </table>
      </div>
      <CreateTokenForm
        systems={systems}
        onCreated={(result, name) => {
          setMessage(null);
          setCreated({ name, token: result.token });
        }}
      />
    </div>
  );
}
