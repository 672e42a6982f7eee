// Which page of the shop the visitor is on: what <body> says, else what the path matches.
import type { PageType } from "../contract.generated.js";

/** Path patterns to page types; a `:id` segment is the page id. The first pattern that matches wins. */
export type PageMap = Readonly<Record<string, PageType>>;

export const DEFAULT_PAGES: PageMap = {
  "/": "homepage",
  "/c/:id": "category",
  "/offers/:id": "offer",
  "/p/:id": "product",
  "/checkout": "checkout",
  "/pay": "payment",
};

export interface Page {
  pageType: PageType;
  pageId: string | null;
}

// Empty segments dropped, so "/c/fruit/" is "/c/fruit" and "/" is no segment at all.
const segments = (path: string): string[] => path.split("/").filter(Boolean);

/**
 * The page a path is, or null when no pattern matches it: such a page is not one the shop's live
 * view counts, so nothing is sent and the session stays on the last page that was.
 */
export function matchPath(pages: PageMap, path: string): Page | null {
  const parts = segments(path);
  for (const [pattern, pageType] of Object.entries(pages)) {
    const wanted = segments(pattern);
    let pageId: string | null = null;
    const matches =
      wanted.length === parts.length &&
      wanted.every((segment, index) => {
        const part = parts[index] ?? "";
        if (segment !== ":id") return segment === part;
        pageId = part;
        return true;
      });
    if (matches) return { pageType, pageId };
  }
  return null;
}

/**
 * The page now: `data-sp-page` (and `data-sp-id`) on <body> when the storefront names it, else
 * the path matched against `pages`. The server checks the page type and id (`invalid-argument`).
 */
export function currentPage(pages: PageMap): Page | null {
  const named = document.body.dataset;
  if (named.spPage) return { pageType: named.spPage as PageType, pageId: named.spId || null };
  return matchPath(pages, location.pathname);
}
