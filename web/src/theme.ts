// The app's Mantine theme: one primary colour, rounded cards, the system font, and colours that
// keep text readable (WCAG AA, which the browser tests check with axe): filled colours a shade
// darker than Mantine's default, light and outline variants with dark text, dimmed text gray 7.
import {
  createTheme,
  darken,
  defaultVariantColorsResolver,
  parseThemeColor,
  type CSSVariablesResolver,
  type VariantColorsResolver,
} from "@mantine/core";

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

const PALE = new Set(["yellow", "orange", "lime"]);

/** Light, subtle and outline variants: the text in the colour's darkest shade, darker still. */
const readableVariants: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  if (!["light", "subtle", "outline"].includes(input.variant)) return colors;
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  const shades = parsed.isThemeColor ? input.theme.colors[parsed.color] : undefined;
  const darkest = shades?.[9];
  if (darkest === undefined) return colors;
  // Yellow, orange and lime stay too light against their own tint unless darkened further.
  const text = darken(darkest, PALE.has(parsed.color) ? 0.45 : 0.25);
  return { ...colors, color: text, hoverColor: text, ...(input.variant === "outline" ? { border: `1px solid ${text}` } : {}) };
};

export const theme = createTheme({
  primaryColor: "indigo",
  primaryShade: 8,
  autoContrast: true,
  defaultRadius: "md",
  fontFamily: FONT,
  headings: { fontFamily: FONT },
  variantColorResolver: readableVariants,
  components: {
    Card: { defaultProps: { withBorder: true, shadow: "xs", padding: "lg" } },
    Paper: { defaultProps: { withBorder: true } },
  },
});

export const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { "--mantine-color-dimmed": "var(--mantine-color-gray-7)" },
  dark: {},
});
