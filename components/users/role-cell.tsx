"use client";

import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { roleSchema, type PublicUser, type Role } from "@/lib/schemas/user";

import { ROLE_SHORT_OPTIONS } from "./role-options";

/**
 * A user's role: the select, and beside it one slot that holds "Save role" while the choice
 * differs, "Saved" after a save, nothing otherwise. The slot keeps its width whatever it shows,
 * so saving a role moves nothing in the table.
 */
export function RoleCell({
  user,
  role,
  onRoleChange,
  onSave,
  pending,
  saved,
}: {
  user: PublicUser;
  role: Role;
  onRoleChange: (role: Role) => void;
  onSave: () => void;
  pending: boolean;
  /** The last save of this row was a role change that went through. */
  saved: boolean;
}) {
  const dirty = role !== user.role;
  return (
    <div className="flex items-center gap-2">
      <Select
        label={`Role of ${user.username}`}
        hideLabel
        value={role}
        options={ROLE_SHORT_OPTIONS}
        onChange={(event) => onRoleChange(roleSchema.parse(event.target.value))}
        disabled={pending}
      />
      {/* Both share one grid cell: the wider sets the width; an invisible one is out of the tab order and the accessibility tree. */}
      <div className="grid">
        <Button
          size="sm"
          className={`col-start-1 row-start-1 ${dirty ? "" : "invisible"}`}
          aria-label={`Save role of ${user.username}`}
          pending={pending && dirty}
          onClick={onSave}
        >
          Save role
        </Button>
        <span
          role="status"
          className={`col-start-1 row-start-1 self-center text-sm text-green-800 ${saved && !dirty ? "" : "invisible"}`}
        >
          {saved && !dirty ? "Saved" : ""}
        </span>
      </div>
    </div>
  );
}
