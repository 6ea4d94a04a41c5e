import "server-only";

import { createHash, timingSafeEqual } from "node:crypto";

import type { Db } from "@/lib/db/connection";
import { AppError, notFound } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";

import { collectMetrics } from "./collect-metrics";

export interface MetricsRouteOptions {
  /** METRICS_TOKEN; undefined turns the route off (404). Read per request. */
  token: () => string | undefined;
  db: () => Promise<Db>;
}

/** Compared as SHA-256 digests, so neither the content nor the length leaks through timing. */
function sameToken(sent: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(sent), digest(expected));
}

function bearerToken(request: Request): string | undefined {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return match?.[1];
}

/**
 * GET /api/metrics, for Prometheus rather than a signed-in user: no session, a bearer token
 * instead, errors in the portal's JSON shape. Without a token configured it does not exist.
 */
export function metricsRoute(options: MetricsRouteOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      const expected = options.token();
      if (expected === undefined) throw notFound("The metrics endpoint (METRICS_TOKEN is not set)");
      const sent = bearerToken(request);
      if (sent === undefined || !sameToken(sent, expected)) {
        throw new AppError(
          "UNAUTHENTICATED",
          "Send the metrics token configured as METRICS_TOKEN as Authorization: Bearer <token>.",
          {},
          { "WWW-Authenticate": 'Bearer realm="metrics"' },
        );
      }
      const scrape = await collectMetrics({ db: await options.db() });
      return new Response(scrape.body, {
        status: 200,
        headers: { "Content-Type": scrape.contentType, "Cache-Control": "no-store" },
      });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
