// Okabe & Ito's colour-blind-safe palette (Color Universal Design, 2008).
export const palette = {
  blue: "#0072B2",
  orange: "#E69F00",
  vermillion: "#D55E00",
  green: "#009E73",
  sky: "#56B4E9",
  purple: "#CC79A7",
  yellow: "#F0E442",
  grey: "#999999",
} as const;
