import { describe, expect, it } from "vitest";

import { ApiError } from "@/lib/api-client/api-error";
import { networkError } from "@/lib/api-client/api-error-from-response";

import { describeError } from "./error-description";

function apiError(code: string, message: string, status = 400): ApiError {
  return new ApiError(status, { code, message });
}

describe("describeError", () => {
  it("puts the server's message, which says what to do next, under a short headline", () => {
    const message =
      "The storage system refused the credentials (login: HTTP 401). Check the storage user name and password, then try again.";
    expect(describeError(apiError("STORAGE_AUTH_FAILED", message, 422))).toEqual({
      title: "The storage system refused the user name or password.",
      detail: message,
    });
    expect(describeError(apiError("UNAUTHENTICATED", "Sign in to continue.", 401))).toEqual({
      title: "Your session has ended.",
      detail: "Sign in to continue.",
    });
  });

  it("never repeats the server's advice in a headline", () => {
    for (const code of [
      "UNAUTHENTICATED",
      "STORAGE_AUTH_FAILED",
      "STORAGE_PERMISSION_DENIED",
      "STORAGE_UNREACHABLE",
      "STORAGE_TIMEOUT",
    ]) {
      expect(describeError(apiError(code, "Server text.")).title, code).not.toMatch(
        /\b(check|try again|sign in|use a)\b/i,
      );
    }
  });

  it("shows the server's message alone where there is no headline", () => {
    const mismatch =
      "The certificate changed since you inspected it: the system now presents AB:CD. Inspect it again and confirm the new fingerprint only if you expected the change.";
    expect(describeError(apiError("CERTIFICATE_MISMATCH", mismatch, 409))).toEqual({ title: mismatch });
    expect(describeError(apiError("VALIDATION_FAILED", "Some values are not valid; see the fields."))).toEqual({
      title: "Some values are not valid; see the fields.",
    });
  });

  it("lets the context replace a headline", () => {
    expect(
      describeError(apiError("STORAGE_TLS_ERROR", "Not trusted."), { STORAGE_TLS_ERROR: "Other headline." }),
    ).toEqual({
      title: "Other headline.",
      detail: "Not trusted.",
    });
  });

  it("words what only the browser knows", () => {
    expect(describeError(networkError())).toEqual({
      title: "The portal did not answer. Check your network connection, then try again.",
    });
    expect(describeError(new TypeError("x is undefined"))).toEqual({
      title: "Something went wrong in the browser. Reload the page and try again.",
    });
  });
});
