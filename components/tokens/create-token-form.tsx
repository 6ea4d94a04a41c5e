"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";

import { ApiErrorAlert } from "@/components/ui/api-error-alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Form } from "@/components/ui/form";
import { Select } from "@/components/ui/select";
import { TextField } from "@/components/ui/text-field";
import { createToken, tokensQueryKey } from "@/lib/api-client/tokens";
import { createTokenSchema, type CreatedToken, type TokenRole } from "@/lib/schemas/token";

const ROLE_OPTIONS = [
  { value: "operator", label: "Operator: runs backups" },
  { value: "viewer", label: "Viewer: reads only" },
] as const;
const EXPIRY_OPTIONS = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "366", label: "366 days" },
  { value: "", label: "Never" },
] as const;

export interface SystemChoice {
  id: string;
  name: string;
}

/** Creates a service token: name, role, expiry, and optionally the systems it is limited to. */
export function CreateTokenForm({
  systems,
  onCreated,
}: {
  systems: SystemChoice[];
  onCreated: (created: CreatedToken, name: string) => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [role, setRole] = useState<TokenRole>("operator");
  const [expiry, setExpiry] = useState("90");
  const [limited, setLimited] = useState<string[]>([]);
  const [nameError, setNameError] = useState<string | undefined>();

  const create = useMutation({
    mutationFn: createToken,
    onSuccess: async (created, input) => {
      setName("");
      setLimited([]);
      onCreated(created, input.name);
      await queryClient.invalidateQueries({ queryKey: tokensQueryKey });
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = createTokenSchema.safeParse({
      name,
      role,
      ...(expiry ? { expiresInDays: Number(expiry) } : {}),
      ...(limited.length > 0 ? { systemIds: limited } : {}),
    });
    if (!parsed.success) {
      setNameError(parsed.error.issues.find((issue) => issue.path[0] === "name")?.message ?? "Check the form.");
      return;
    }
    setNameError(undefined);
    create.mutate(parsed.data);
  };

  const toggle = (id: string, on: boolean) =>
    setLimited((current) => (on ? [...current, id] : current.filter((other) => other !== id)));
  return (
    <Form
      noValidate
      aria-labelledby="create-token-heading"
      className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={submit}
    >
      <h2 id="create-token-heading" className="text-lg font-semibold">
        Create a token
      </h2>
      {create.error ? <ApiErrorAlert error={create.error} showFieldMessages signInNext="/tokens" /> : null}
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <TextField
          label="Name"
          autoComplete="off"
          spellCheck={false}
          hint="Letters, digits and . _ - @, e.g. nightly-backup."
          error={nameError}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
        <Select
          label="Role"
          options={ROLE_OPTIONS}
          value={role}
          onChange={(event) => setRole(event.target.value as TokenRole)}
        />
        <Select
          label="Expires after"
          options={EXPIRY_OPTIONS}
          value={expiry}
          onChange={(event) => setExpiry(event.target.value)}
        />
      </div>
      {systems.length > 0 ? (
        <fieldset className="flex flex-col gap-2">
          <legend className="text-sm font-medium text-slate-800">
            Limit to these systems (none ticked: every system)
          </legend>
          {systems.map((system) => (
            <Checkbox
              key={system.id}
              label={system.name}
              checked={limited.includes(system.id)}
              onChange={(event) => toggle(system.id, event.target.checked)}
            />
          ))}
        </fieldset>
      ) : null}
      <div>
        <Button type="submit" pending={create.isPending}>
          Create token
        </Button>
      </div>
    </Form>
  );
}
