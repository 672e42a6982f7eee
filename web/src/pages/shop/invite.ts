// Manual enrollment, shared by the customers list (a customer the shop knows, by id) and the
// loyalty section (anyone, by e-mail).
import { useStorepulse } from "@storepulse/client/react";
import { useState } from "react";
import { explain } from "../../problems";

const INVITE_OUTCOMES: Record<string, string> = {
  requested: "asked to join: they answer in their notifications",
  already_pending: "already asked, waiting for their answer",
  already_member: "already a member",
};

export type Invite = (who: { customerId: string } | { email: string }, name: string) => Promise<unknown>;

/** [what the last invitation did, invite]. */
export function useInvite(shopId: string): [string | undefined, Invite] {
  const sp = useStorepulse();
  const [outcome, setOutcome] = useState<string>();
  const invite: Invite = (who, name) =>
    sp
      .inviteToProgram({ shopId, ...who })
      .then((result) => {
        setOutcome(
          result.outcome === "sent_if_customer"
            ? `If ${name} has a customer account, they were asked to join.`
            : `${name}: ${INVITE_OUTCOMES[result.outcome] ?? result.outcome}.`,
        );
      })
      .catch((error: unknown) => {
        setOutcome(explain(error));
      });
  return [outcome, invite];
}
