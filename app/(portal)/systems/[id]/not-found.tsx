import { BackToSystems } from "@/components/systems/back-to-systems";

/** An id that is malformed or was never registered (removed systems still have their page). */
export default function SystemNotFound() {
  return (
    <>
      <BackToSystems />
      <h1 className="text-2xl font-semibold tracking-tight">No such storage system</h1>
      <p className="text-slate-700">Check the link, or pick the system from the list.</p>
    </>
  );
}
