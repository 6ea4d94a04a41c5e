import { redirect } from "next/navigation";

/** The portal starts at the list of storage systems (which sends a signed-out visitor to sign in). */
export default function HomePage() {
  redirect("/systems");
}
