/** Tag names typed as a comma separated list, trimmed, without blanks or repeats. */
export const parseTags = (
  text: string,
) => [...new Set(text.split(",").map((t) => t.trim()).filter(Boolean))];
