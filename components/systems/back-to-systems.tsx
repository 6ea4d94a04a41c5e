import Link from "next/link";

/** The way back to the list, above a system page's heading. */
export function BackToSystems() {
  return (
    <p>
      <Link
        href="/systems"
        className="rounded-sm text-sm font-medium underline underline-offset-4 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
      >
        <span aria-hidden="true">← </span>All storage systems
      </Link>
    </p>
  );
}
