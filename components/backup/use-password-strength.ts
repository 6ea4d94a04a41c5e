import type { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { useDeferredValue, useEffect, useMemo, useState } from "react";

let loading: Promise<ZxcvbnFactory> | undefined;

/**
 * zxcvbn and its dictionaries (some 400 kB) load on first use, in their own chunk, so the system
 * page stays light for everyone who does not back up.
 */
function loadEstimator(): Promise<ZxcvbnFactory> {
  loading ??= Promise.all([import("@zxcvbn-ts/core"), import("@zxcvbn-ts/language-common")]).then(
    ([core, common]) => new core.ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs }),
  );
  // A failed load (offline, a new deployment) may be retried by the next form.
  loading.catch(() => (loading = undefined));
  return loading;
}

export type PasswordStrength =
  | { status: "empty" }
  | { status: "loading" }
  | { status: "unavailable" }
  | { status: "rated"; score: number; warning: string | null };

/** zxcvbn's rating of `password`, with `userInputs` as words an attacker would try first. */
export function usePasswordStrength(password: string, userInputs: readonly string[]): PasswordStrength {
  const [estimator, setEstimator] = useState<ZxcvbnFactory | "failed" | undefined>(undefined);
  useEffect(() => {
    let live = true;
    loadEstimator().then(
      (loaded) => live && setEstimator(loaded),
      () => live && setEstimator("failed"),
    );
    return () => {
      live = false;
    };
  }, []);
  // Rating runs on every keystroke; deferring it keeps typing responsive on long passwords.
  const deferred = useDeferredValue(password);
  const inputsKey = userInputs.join("\n");
  return useMemo((): PasswordStrength => {
    if (deferred === "") return { status: "empty" };
    if (estimator === undefined) return { status: "loading" };
    if (estimator === "failed") return { status: "unavailable" };
    const words = inputsKey.split("\n").filter((word) => word.length > 0);
    const result = estimator.check(deferred, words);
    return { status: "rated", score: result.score, warning: result.feedback.warning };
  }, [deferred, estimator, inputsKey]);
}
