import "server-only";

/** A metric name as the Server-Timing header takes it (an HTTP token). */
const METRIC_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * The phases of one request, for its `Server-Timing` header: `auth;dur=0.42, claim;dur=1.10, ...,
 * total;dur=12.34` (milliseconds, two decimals, in the order first recorded; `total` from
 * `startedAt` to the moment the header is written). A name recorded twice adds up. Durations
 * only: nothing about the request itself goes in, for the browser (and anything in between) sees it.
 *
 * The backup route's names (`auth`, `claim`, `audit`, `session`, `identity`, `headers`, `total`)
 * are parsed by `npm run bench`; keep them.
 */
export class ServerTiming {
  private readonly durations = new Map<string, number>();

  /** `performance.now()` when the request arrived. */
  constructor(readonly startedAt: number = performance.now()) {}

  add(name: string, ms: number): void {
    if (!METRIC_NAME.test(name)) throw new Error(`Not a Server-Timing metric name: ${JSON.stringify(name)}`);
    this.durations.set(name, (this.durations.get(name) ?? 0) + Math.max(0, ms));
  }

  /** Runs `work`, adding its duration under `name` however it ends. */
  async measure<T>(name: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.add(name, performance.now() - started);
    }
  }

  /** The recorded duration of `name`, if any. */
  get(name: string): number | undefined {
    return this.durations.get(name);
  }

  /** The header's value, `total` last (measured now). */
  header(now: number = performance.now()): string {
    const entries = [...this.durations].filter(([name]) => name !== "total");
    entries.push(["total", now - this.startedAt]);
    return entries.map(([name, ms]) => `${name};dur=${ms.toFixed(2)}`).join(", ");
  }

  /** Sets the header on `response` (whose headers must still be mutable) and returns it. */
  applyTo(response: Response): Response {
    response.headers.set("Server-Timing", this.header());
    return response;
  }
}

/** The figures of a Server-Timing header value, by name (for tests and the benchmark). */
export function parseServerTiming(value: string | null): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const part of (value ?? "").split(",")) {
    const [name, ...params] = part.trim().split(";");
    const dur = params.map((param) => param.trim()).find((param) => param.startsWith("dur="));
    if (name && dur) figures[name] = Number(dur.slice(4));
  }
  return figures;
}
