import type { SelectOption } from "@/components/ui/select";

/**
 * The audit log's action names as people read them. A name with a failure outcome must still
 * read right ("Sign-in: Failure"), so most are nouns. `noOutcome`: the event marks a start, its
 * outcome is a later event of its own (a backup's end), so none is shown for it.
 */
const ACTIONS: Record<string, { label: string; noOutcome?: boolean }> = {
  "auth.login": { label: "Sign-in" },
  "auth.logout": { label: "Sign-out" },
  "auth.session_expired": { label: "Session expired" },
  "setup.completed": { label: "First-run setup" },
  "user.created": { label: "User added" },
  "user.role_changed": { label: "Role changed" },
  "user.disabled": { label: "User disabled" },
  "user.enabled": { label: "User enabled" },
  "user.password_reset": { label: "Password reset by an admin" },
  "user.password_changed": { label: "Own password change" },
  "system.registered": { label: "System registered" },
  "system.changed": { label: "System changed" },
  "system.removed": { label: "System removed" },
  "system.connection_tested": { label: "Connection test" },
  "certificate.pin_confirmed": { label: "Certificate confirmation" },
  "certificate.pin_refused": { label: "Certificate refused" },
  "keys.checked": { label: "Key check" },
  "backup.started": { label: "Backup started", noOutcome: true },
  "backup.succeeded": { label: "Backup succeeded" },
  "backup.failed": { label: "Backup failed" },
  "backup.cancelled": { label: "Backup cancelled" },
  "backup.interrupted": { label: "Backup interrupted" },
  "backup.verified": { label: "Backup verified in the browser" },
  "backup.verification_mismatch": { label: "Backup checksum mismatch" },
  "settings.changed": { label: "Settings changed" },
  "token.created": { label: "Service token created" },
  "token.revoked": { label: "Service token revoked" },
};

/** "system.connection_tested" → "System connection tested", for an action this list does not know yet. */
function fromCode(action: string): string {
  const words = action.replace(/[._]+/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : action;
}

/** An action's readable name ("Backup started" for `backup.started`). */
export function auditActionLabel(action: string): string {
  return ACTIONS[action]?.label ?? fromCode(action);
}

/** Whether the event carries an outcome of its own (a backup's start does not: its end does). */
export function hasOwnOutcome(action: string): boolean {
  return !ACTIONS[action]?.noOutcome;
}

/**
 * The Action filter's choices: any, then every known action by name; an action in the address
 * that the list does not know is offered too, so the form shows what the log is filtered by.
 */
export function auditActionOptions(current?: string): SelectOption[] {
  const known = Object.entries(ACTIONS)
    .map(([value, { label }]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const extra = current && !(current in ACTIONS) ? [{ value: current, label: fromCode(current) }] : [];
  return [{ value: "", label: "Any action" }, ...known, ...extra];
}
