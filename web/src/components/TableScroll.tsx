// A wide table (or stepper) scrolls sideways inside its own container, never the page. The
// container can be focused, so a keyboard can scroll it too (axe: scrollable-region-focusable).
import { ScrollArea } from "@mantine/core";
import type { ReactNode } from "react";

export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <ScrollArea type="auto" viewportProps={{ tabIndex: 0, role: "group", "aria-label": label }}>
      {children}
    </ScrollArea>
  );
}
