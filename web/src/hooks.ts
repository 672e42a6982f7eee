// Small hooks the pages share.
import { useEffect, useState } from "react";

/** The current time, refreshed every `everyMs` (relative times, countdowns, staleness). */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => {
      setNow(Date.now());
    }, everyMs);
    return () => {
      window.clearInterval(timer);
    };
  }, [everyMs]);
  return now;
}
