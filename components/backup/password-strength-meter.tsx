"use client";

import { strengthLabel, strengthText } from "./password-strength";
import { usePasswordStrength } from "./use-password-strength";

/**
 * Advisory strength of the backup password (zxcvbn): a meter and a sentence. It never blocks;
 * the storage system's rule is what the form enforces. `id` is for the field's aria-describedby.
 */
export function PasswordStrengthMeter({
  id,
  password,
  userInputs,
}: {
  id: string;
  password: string;
  userInputs: readonly string[];
}) {
  const strength = usePasswordStrength(password, userInputs);
  if (strength.status === "empty") return null;
  if (strength.status !== "rated") {
    return (
      <p id={id} className="text-sm text-slate-600">
        {strength.status === "loading" ? "Strength: rating…" : "Strength: cannot be rated right now."}
      </p>
    );
  }
  const label = strengthLabel(strength.score);
  return (
    <div className="flex flex-col gap-1">
      <meter
        min={0}
        max={4}
        low={2}
        high={3}
        optimum={4}
        value={strength.score}
        aria-label="Backup password strength"
        aria-valuetext={label}
        aria-describedby={id}
        // The platform colours it from low/high/optimum; the sentence below carries the meaning.
        className="h-2 w-full"
      />
      <p id={id} className="text-sm text-slate-700">
        {strengthText(strength.score, strength.warning)}
      </p>
    </div>
  );
}
