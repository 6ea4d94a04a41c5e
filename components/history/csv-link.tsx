/** A plain link to a CSV export (a download, so not a client-side navigation). */
export function CsvLink({ href, children = "Download CSV" }: { href: string; children?: string }) {
  return (
    <a
      href={href}
      download
      className="inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
    >
      {children}
    </a>
  );
}
