// The app's Mantine theme: one primary colour, rounded cards, the system font.
import { createTheme } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "indigo",
  defaultRadius: "md",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  headings: { fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" },
  components: {
    Card: { defaultProps: { withBorder: true, shadow: "xs", padding: "lg" } },
    Paper: { defaultProps: { withBorder: true } },
  },
});
