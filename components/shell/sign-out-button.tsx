"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";

import { Button } from "@/components/ui/button";
import { ApiError } from "@/lib/api-client/api-error";
import { signOut as endSession } from "@/lib/api-client/auth";

/** Ends the portal session on the server, then leaves for the sign-in page. */
export function SignOutButton() {
  const router = useRouter();
  const leave = () => {
    router.replace("/login");
    router.refresh();
  };
  const signOut = useMutation({
    mutationFn: () => endSession(),
    onSuccess: leave,
    onError: (error) => {
      // Already signed out (expired or revoked session): nothing is left to end.
      if (error instanceof ApiError && error.status === 401) leave();
    },
  });
  const failed = signOut.error && !(signOut.error instanceof ApiError && signOut.error.status === 401);
  return (
    <div className="flex flex-wrap items-center gap-2">
      {failed ? (
        <p role="alert" className="text-sm font-medium text-red-700">
          Sign-out failed: {signOut.error.message}
        </p>
      ) : null}
      <Button variant="secondary" size="sm" pending={signOut.isPending} onClick={() => signOut.mutate()}>
        Sign out
      </Button>
    </div>
  );
}
