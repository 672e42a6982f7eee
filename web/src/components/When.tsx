// A time as "2 min ago", with the exact date and time on hover (a tooltip) and for assistive
// technology (the <time> element's title and datetime).
import { Tooltip } from "@mantine/core";
import { exact, relative } from "../format";
import { useNow } from "../hooks";

export function When({ date }: { date: Date }) {
  const now = useNow(30_000);
  const full = exact(date);
  return (
    <Tooltip label={full} withArrow>
      <time dateTime={date.toISOString()} title={full}>
        {relative(date, now)}
      </time>
    </Tooltip>
  );
}
