import { describe, expect, it } from "vitest";

import { cn } from "./cn";

describe("cn", () => {
  it("lets a later class override a conflicting earlier one", () => {
    expect(cn("px-2 text-sm", "px-4")).toBe("text-sm px-4");
    expect(cn("rounded-md border px-4 py-3 text-sm", "p-0")).toBe("rounded-md border text-sm p-0");
    expect(cn("bg-slate-900 text-white", "bg-red-700")).toBe("text-white bg-red-700");
  });

  it("keeps classes of different kinds that only look alike", () => {
    expect(cn("text-sm", "text-white")).toBe("text-sm text-white");
    expect(cn("border", "border-red-300")).toBe("border border-red-300");
    expect(cn("focus-visible:outline-2 focus-visible:outline-blue-600", "focus-visible:outline-offset-2")).toBe(
      "focus-visible:outline-2 focus-visible:outline-blue-600 focus-visible:outline-offset-2",
    );
  });

  it("drops falsy values and takes conditionals", () => {
    expect(cn("a", false, null, undefined, "", 0, "b")).toBe("a b");
    expect(cn("mt-1", { hidden: false, block: true }, ["gap-2", undefined])).toBe("mt-1 block gap-2");
  });
});
