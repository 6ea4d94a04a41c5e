import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/**
 * Joins class names (falsy ones dropped, as clsx does) and resolves Tailwind conflicts so the
 * later class wins: a caller's `className` reliably overrides a primitive's default.
 */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
