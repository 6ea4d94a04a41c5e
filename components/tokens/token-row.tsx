"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { ApiErrorAlert } from "@/components/ui/api-error-alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { UtcTime } from "@/components/ui/utc-time";
import { revokeToken, tokensQueryKey } from "@/lib/api-client/tokens";
import type { PublicToken } from "@/lib/schemas/token";

/** One service token with its Revoke action (after a confirmation). */
export function TokenRow({
  token,
  systemNames,
  onRevoked,
}: {
  token: PublicToken;
  systemNames: Map<string, string>;
  onRevoked: (message: string) => void;
}) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: () => revokeToken(token.id),
    onSuccess: async () => {
      setConfirming(false);
      onRevoked(`The token ${token.name} is revoked; scripts using it are refused from now on.`);
      await queryClient.invalidateQueries({ queryKey: tokensQueryKey });
    },
  });
  const systems = token.systemIds?.map((id) => systemNames.get(id) ?? id).join(", ") ?? "All";
  return (
    <tr className="border-t border-slate-100 align-top">
      <td className="py-2 pr-4 font-medium">{token.name}</td>
      <td className="py-2 pr-4">{token.role}</td>
      <td className="py-2 pr-4">{systems}</td>
      <td className="py-2 pr-4">
        <UtcTime iso={token.createdAt} />
      </td>
      <td className="py-2 pr-4">{token.expiresAt ? <UtcTime iso={token.expiresAt} /> : "Never"}</td>
      <td className="py-2 pr-4">{token.lastUsedAt ? <UtcTime iso={token.lastUsedAt} /> : "Never"}</td>
      <td className="py-2">
        <Button size="sm" variant="danger" onClick={() => setConfirming(true)}>
          Revoke
        </Button>
        <ConfirmDialog
          open={confirming}
          title={`Revoke ${token.name}?`}
          confirmLabel="Revoke token"
          onConfirm={() => revoke.mutate()}
          onClose={() => setConfirming(false)}
          pending={revoke.isPending}
          error={revoke.error ? <ApiErrorAlert error={revoke.error} signInNext="/tokens" /> : undefined}
        >
          Scripts using this token are refused from their next request. This cannot be undone.
        </ConfirmDialog>
      </td>
    </tr>
  );
}
