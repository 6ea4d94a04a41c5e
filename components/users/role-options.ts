import type { SelectOption } from "@/components/ui/select";

export const ROLE_OPTIONS: readonly SelectOption[] = [
  { value: "viewer", label: "Viewer (sees systems and history)" },
  { value: "operator", label: "Operator (also runs backups)" },
  { value: "admin", label: "Admin (also manages systems and users)" },
];
