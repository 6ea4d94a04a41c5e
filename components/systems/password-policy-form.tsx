"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";

import { ApiErrorAlert } from "@/components/ui/api-error-alert";
import { applyServerFieldErrors } from "@/components/ui/apply-server-field-errors";
import { Button } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { SuccessNotice } from "@/components/ui/success-notice";
import { TextField } from "@/components/ui/text-field";
import { useFocusOn } from "@/components/ui/use-focus-on";
import { updateSystem } from "@/lib/api-client/systems";
import { BACKUP_PASSWORD_MAX, BACKUP_PASSWORD_MIN, type BackupPasswordPolicy } from "@/lib/schemas/backup-password";
import type { SystemView } from "@/lib/schemas/system";

const RULES = [
  { name: "minLength", label: "Minimum length" },
  { name: "minDigits", label: "Minimum digits" },
  { name: "minUppercase", label: "Minimum upper-case letters" },
  { name: "minLowercase", label: "Minimum lower-case letters" },
  { name: "minSymbols", label: "Minimum symbols" },
] as const;
type RuleName = (typeof RULES)[number]["name"];

/** Blank is "no requirement"; anything else a whole number within the storage system's limits. */
function countField(min: number) {
  return z
    .string()
    .trim()
    .transform((value, ctx) => {
      if (value === "") return undefined;
      if (!/^\d+$/.test(value)) {
        ctx.addIssue({ code: "custom", message: "Enter a whole number, or leave it blank for no requirement." });
        return z.NEVER;
      }
      const count = Number(value);
      if (count < min || count > BACKUP_PASSWORD_MAX) {
        ctx.addIssue({
          code: "custom",
          message: `Enter ${min} to ${BACKUP_PASSWORD_MAX}, or leave it blank for no requirement.`,
        });
        return z.NEVER;
      }
      return count;
    });
}

const policyFormSchema = z
  .object({
    // Below the storage system's own minimum a length rule would say nothing.
    minLength: countField(BACKUP_PASSWORD_MIN),
    minDigits: countField(0),
    minUppercase: countField(0),
    minLowercase: countField(0),
    minSymbols: countField(0),
  })
  .superRefine((value, ctx) => {
    const classes =
      (value.minDigits ?? 0) + (value.minUppercase ?? 0) + (value.minLowercase ?? 0) + (value.minSymbols ?? 0);
    if (classes > BACKUP_PASSWORD_MAX) {
      ctx.addIssue({
        code: "custom",
        path: ["minSymbols"],
        message: `Together the minimums ask for ${classes} characters; a backup password has at most ${BACKUP_PASSWORD_MAX}.`,
      });
    }
  });
type PolicyFormInput = z.input<typeof policyFormSchema>;
type PolicyFormValues = z.output<typeof policyFormSchema>;

function toFormInput(policy: BackupPasswordPolicy | null): PolicyFormInput {
  const text = (value: number | undefined) => (value === undefined ? "" : String(value));
  return {
    minLength: text(policy?.minLength),
    minDigits: text(policy?.minDigits),
    minUppercase: text(policy?.minUppercase),
    minLowercase: text(policy?.minLowercase),
    minSymbols: text(policy?.minSymbols),
  };
}

/** The policy to send: only the rules set; none at all clears it. */
function toPolicy(values: PolicyFormValues): BackupPasswordPolicy | null {
  const policy: BackupPasswordPolicy = {};
  for (const { name } of RULES) {
    const value = values[name];
    if (value !== undefined && value > 0) policy[name] = value;
  }
  return Object.keys(policy).length === 0 ? null : policy;
}

/** An admin records the backup-password policy the storage system enforces (PATCH passwordPolicy). */
export function PasswordPolicyForm({ system }: { system: SystemView }) {
  const router = useRouter();
  const headingId = useId();
  const [notice, setNotice] = useState<{ text: string } | null>(null);
  const form = useForm<PolicyFormInput, unknown, PolicyFormValues>({
    resolver: zodResolver(policyFormSchema),
    mode: "onChange",
    defaultValues: toFormInput(system.passwordPolicy),
  });
  const save = useMutation({
    mutationFn: (passwordPolicy: BackupPasswordPolicy | null) => updateSystem(system.id, { passwordPolicy }),
    onSuccess: (saved) => {
      form.reset(toFormInput(saved.passwordPolicy));
      setNotice({
        text: saved.passwordPolicy
          ? "Policy saved. The backup form checks passwords against it now."
          : "Policy cleared. Only the storage system's base rule is checked now.",
      });
      router.refresh();
    },
    onError: (error) =>
      applyServerFieldErrors<PolicyFormInput>(
        error,
        (path) => RULES.find((rule) => path === `passwordPolicy.${rule.name}`)?.name as RuleName | undefined,
        form.setError,
      ),
  });
  const errorRef = useFocusOn<HTMLDivElement>(save.error);
  const { errors } = form.formState;

  return (
    <Form
      aria-labelledby={headingId}
      className="flex flex-col gap-4"
      onSubmit={form.handleSubmit((values) => {
        setNotice(null);
        save.mutate(toPolicy(values));
      })}
    >
      <div>
        <h3 id={headingId} className="font-semibold">
          Backup-password policy
        </h3>
        <p className="mt-1 text-sm text-slate-700">
          Set the same policy as the storage system enforces, so the portal can check passwords before sending them.
          Leave a field blank for no requirement.
        </p>
      </div>
      <SuccessNotice notice={notice} />
      {save.error ? <ApiErrorAlert ref={errorRef} error={save.error} /> : null}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {RULES.map((rule) => (
          <TextField
            key={rule.name}
            label={rule.label}
            type="number"
            inputMode="numeric"
            min={rule.name === "minLength" ? BACKUP_PASSWORD_MIN : 0}
            max={BACKUP_PASSWORD_MAX}
            step={1}
            autoComplete="off"
            error={errors[rule.name]?.message}
            {...form.register(rule.name)}
          />
        ))}
      </div>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" pending={save.isPending && save.variables !== null}>
          Save policy
        </Button>
        <Button
          variant="secondary"
          disabled={system.passwordPolicy === null || save.isPending}
          pending={save.isPending && save.variables === null}
          onClick={() => {
            setNotice(null);
            save.mutate(null);
          }}
        >
          Clear policy
        </Button>
      </div>
    </Form>
  );
}
