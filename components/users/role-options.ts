import type { SelectOption } from "@/components/ui/select";

export const ROLE_OPTIONS: readonly SelectOption[] = [
  { value: "viewer", label: "Viewer (sees systems and history)" },
  { value: "operator", label: "Operator (also runs backups)" },
  { value: "admin", label: "Admin (also manages systems and users)" },
];

/** The same roles in one word each, for the compact select in each row of the user table. */
export const ROLE_SHORT_OPTIONS: readonly SelectOption[] = [
  { value: "viewer", label: "Viewer" },
  { value: "operator", label: "Operator" },
  { value: "admin", label: "Admin" },
];
