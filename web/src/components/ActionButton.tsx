// A button for one intent: it shows that its call is pending and cannot be pressed again until the
// call returns, so a double click sends one action (the SDK gives the call its own idempotency key).
import { Button, type ButtonProps } from "@mantine/core";
import { useRef, useState, type ReactNode } from "react";
import { explain } from "../problems";

interface Props extends Omit<ButtonProps, "loading" | "children"> {
  children: ReactNode;
  /** The call; the button is pending until it settles. */
  act: () => Promise<unknown>;
  onDone?: () => void;
  onProblem?: (problem: string) => void;
  "aria-label"?: string;
  type?: "button" | "submit";
}

export function ActionButton({ act, onDone, onProblem, children, type = "button", ...props }: Props) {
  const running = useRef(false);
  const [pending, setPending] = useState(false);
  const click = () => {
    if (running.current) return; // a second click before React re-renders the disabled button
    running.current = true;
    setPending(true);
    act()
      .then(() => {
        onDone?.();
      })
      .catch((error: unknown) => {
        onProblem?.(explain(error));
      })
      .finally(() => {
        running.current = false;
        setPending(false);
      });
  };
  return (
    <Button {...props} type={type} loading={pending} onClick={click}>
      {children}
    </Button>
  );
}
