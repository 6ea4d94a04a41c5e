import "server-only";

import { z } from "zod";

import type { Fault, FaultTarget } from "./types";

const common = {
  on: z.enum(["backup", "session-create", "any"]).optional(),
  times: z.int().min(1).max(1_000_000).optional(),
};
const nonNegative = z.int().min(0);

export const faultSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("delay-headers"), ms: nonNegative.max(600_000), ...common }),
  z.strictObject({
    type: z.literal("slow-drip"),
    bytesPerChunk: z.int().min(1),
    intervalMs: nonNegative.max(60_000),
    ...common,
  }),
  z.strictObject({ type: z.literal("truncate"), afterBytes: nonNegative, ...common }),
  z.strictObject({ type: z.literal("reset"), afterBytes: nonNegative.optional(), ...common }),
  z.strictObject({ type: z.literal("html-500"), ...common }),
  z.strictObject({ type: z.literal("busy-503"), ...common }),
  z.strictObject({ type: z.literal("wrong-content-type"), ...common }),
  z.strictObject({ type: z.literal("status"), status: z.int().min(300).max(599), ...common }),
  z.strictObject({ type: z.literal("redirect"), location: z.url().max(2048).optional(), ...common }),
  z.strictObject({ type: z.literal("hold-end"), ms: nonNegative.max(600_000), ...common }),
]);

// Keeps the schema and the hand-written type in step: each must be assignable to the other.
type Parsed = z.infer<typeof faultSchema>;
const _typeCheck: [Parsed extends Fault ? true : false, Fault extends Parsed ? true : false] = [true, true];
void _typeCheck;

/** Where a request stands when it asks for a fault: "other" requests only take faults "on: any". */
export type FaultPoint = Exclude<FaultTarget, "any"> | "other";

/** Faults armed for one storage system, used up in the order they were set. */
export class FaultQueue {
  private armed: { fault: Fault; remaining: number }[] = [];

  /** Throws a ZodError when the fault is not valid. */
  add(fault: Fault): void {
    const parsed = faultSchema.parse(fault);
    this.armed.push({ fault: parsed, remaining: parsed.times ?? 1 });
  }

  clear(): void {
    this.armed = [];
  }

  /** The fault this request suffers, if any; counts one use of it. */
  take(point: FaultPoint): Fault | undefined {
    const index = this.armed.findIndex(({ fault }) => {
      const on = fault.on ?? "backup";
      return on === "any" || on === point;
    });
    const entry = this.armed[index];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.armed.splice(index, 1);
    return entry.fault;
  }

  get size(): number {
    return this.armed.length;
  }
}
