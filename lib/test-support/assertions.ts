import { createServer } from "node:net";
import { expect } from "vitest";

import { AppError } from "@/lib/errors";

/** The AppError a promise rejects with, checked for its code and status. */
export async function expectAppError(promise: Promise<unknown>, code: string, status: number): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected ${code}, got success`);
    },
    (e: unknown) => e,
  );
  expect(error, String(error)).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect({ code: appError.code, status: appError.status }, appError.message).toEqual({ code, status });
  return appError;
}

/** The AppError a promise rejects with; anything else (or success) fails the test. */
export async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

/** A local port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
