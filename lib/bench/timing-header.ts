import "server-only";

import { median, round } from "./stats";

/**
 * The phases shown first, in this order; any other the portal sends follows in the order it came.
 * Nothing else depends on the names: whatever entries the header holds are parsed and shown.
 */
const DISPLAY_ORDER = ["auth", "claim", "audit", "session", "identity", "headers", "total"];

/** `auth;dur=0.4, claim;desc="x";dur=1.2` → [["auth", 0.4], ["claim", 1.2]]; entries without a duration are left out. */
export function parseServerTiming(value: string | undefined): [string, number][] {
  const entries: [string, number][] = [];
  for (const part of (value ?? "").split(",")) {
    const [name, ...params] = part.split(";").map((piece) => piece.trim());
    const dur = params.find((param) => /^dur=/i.test(param));
    const ms = dur === undefined ? NaN : Number(dur.slice(4).replace(/^"|"$/g, ""));
    if (name && Number.isFinite(ms)) entries.push([name, ms]);
  }
  return entries;
}

/**
 * The median of each phase over the responses that carried it, in display order, or undefined
 * when no response carried a Server-Timing header.
 */
export function medianPhases(headers: readonly (string | undefined)[]): Record<string, number> | undefined {
  const values = new Map<string, number[]>();
  for (const header of headers) {
    for (const [name, ms] of parseServerTiming(header)) values.set(name, [...(values.get(name) ?? []), ms]);
  }
  if (values.size === 0) return undefined;
  const rank = (name: string) => {
    const index = DISPLAY_ORDER.indexOf(name);
    return index === -1 ? DISPLAY_ORDER.length : index;
  };
  const names = [...values.keys()].sort((a, b) => rank(a) - rank(b));
  return Object.fromEntries(names.map((name) => [name, round(median(values.get(name)!))]));
}
