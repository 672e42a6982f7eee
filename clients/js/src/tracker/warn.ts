// Where the tracker's failures go by default: a storefront must never break because tracking did.
export const warn = (error: unknown): void => {
  console.warn("storepulse:", error);
};
