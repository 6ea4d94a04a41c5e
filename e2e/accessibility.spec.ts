import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

import { addUser, signIn, simulator } from "./fixtures";
import { E2E } from "./settings";

// Every page, as an admin sees it: axe finds no serious or critical WCAG 2.1 A/AA violation, and
// at 320 px no page scrolls sideways (WCAG 1.4.10; tables may scroll inside their own box).
// Screenshots of the fleet and a system page at 320, 1280 and 1440 px go to the results folder.

const WIDTHS = [320, 1280, 1440] as const;

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target).join(" | ")}`,
    );
}

async function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test("every page: no serious axe violation, and no sideways scroll at 320 px", async ({ page, context }) => {
  test.setTimeout(120_000);
  const admin = await addUser("admin");
  const { systems, sha256Fingerprint } = await simulator();
  const e990 = systems.find((system) => system.model === "VSP E990")!;

  await page.request.post("/api/auth/login", { data: { username: admin.username, password: admin.password } });
  const registered = await page.request.post("/api/systems", {
    data: {
      name: `VSP E990 a11y ${Date.now()}`,
      baseUrl: e990.baseUrl,
      trust: { sha256Fingerprint },
      confirmDuplicateBaseUrl: true,
    },
  });
  expect(registered.status()).toBe(201);
  const { system } = (await registered.json()) as { system: { id: string } };
  await context.clearCookies();

  const signedOut = ["/login", "/setup"];
  const signedIn = [
    "/",
    "/systems",
    "/systems/new",
    `/systems/${system.id}`,
    "/users",
    "/audit",
    "/settings",
    "/check-file",
  ];

  const problems: string[] = [];
  const visit = async (path: string) => {
    for (const width of [1280, 320]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(path);
      await expect(page.locator("main")).toBeVisible();
      await page.waitForLoadState("networkidle");
      for (const violation of await seriousViolations(page)) problems.push(`${path} at ${width} px: ${violation}`);
      if (width === 320) {
        const overflow = await sidewaysScroll(page);
        if (overflow > 0) problems.push(`${path} at 320 px scrolls sideways by ${overflow} px`);
      }
    }
  };

  for (const path of signedOut) await visit(path);
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, admin);
  for (const path of signedIn) await visit(path);
  expect(problems).toEqual([]);

  for (const [name, path] of [
    ["fleet", "/"],
    ["system", `/systems/${system.id}`],
  ] as const) {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: `${E2E.dir}/results/screens/${name}-${width}.png`, fullPage: true });
    }
  }
});
