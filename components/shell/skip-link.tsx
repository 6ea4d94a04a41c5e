/** The first focusable thing on every page: jumps past the header to the page's own content. */
export function SkipLink({ targetId }: { targetId: string }) {
  return (
    <a
      href={`#${targetId}`}
      className="sr-only rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-900 shadow focus:not-sr-only focus:absolute focus:top-4 focus:left-4 focus:z-50 focus:outline-2 focus:outline-blue-600"
    >
      Skip to main content
    </a>
  );
}
