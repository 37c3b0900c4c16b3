// A library document's bytes split into its head and its prompts, without parsing it whole:
// POST /import then parses, validates and sends one prompt (and one batch) at a time, so a
// 25 MB document never becomes one tree of objects (hosted Edge Functions allow 256 MB; a whole
// JSON.parse + validation + re-serialisation of 10 MB took 170 MB). One pass over the bytes that
// tracks strings and nesting only: the top-level "prompts" array's elements are the byte ranges
// between its commas, and the head is the document with that array emptied. JSON.parse then
// judges each part, so a malformed document is still refused (a SyntaxError).

export interface SplitLibrary {
  /** The document with its top-level "prompts" array emptied; the whole text without one. */
  head: string;
  /** How many elements the top-level "prompts" array has. */
  count: number;
  /** Element i of that array as JSON text, decoded only when asked for. */
  prompt(i: number): string;
}

const QUOTE = 0x22, BACKSLASH = 0x5c, COLON = 0x3a, COMMA = 0x2c;
const OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d, OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d;

/** Splits `bytes` (UTF-8 JSON); structure errors surface when the parts are parsed. */
export function splitLibrary(bytes: Uint8Array): SplitLibrary {
  const decoder = new TextDecoder();
  let depth = 0;
  let inString = false;
  let escaped = false;
  let stringStart = -1;
  let lastString: [number, number] | null = null;
  let key: string | null = null;
  let arrayOpen = -1; // the "prompts" array's '[' while inside it
  let elementStart = -1;
  const ranges: [number, number][] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (b === BACKSLASH) escaped = true;
      else if (b === QUOTE) {
        inString = false;
        if (depth === 1) lastString = [stringStart, i + 1];
      }
      continue;
    }
    switch (b) {
      case QUOTE:
        inString = true;
        stringStart = i;
        break;
      case COLON:
        if (depth === 1 && lastString) key = decoder.decode(bytes.subarray(...lastString));
        break;
      case OPEN_OBJECT:
      case OPEN_ARRAY:
        depth++;
        if (depth === 2 && b === OPEN_ARRAY && key === '"prompts"' && arrayOpen < 0) {
          arrayOpen = i;
          elementStart = i + 1;
        }
        break;
      case CLOSE_OBJECT:
      case CLOSE_ARRAY:
        if (depth === 2 && arrayOpen >= 0 && elementStart >= 0) {
          if (b !== CLOSE_ARRAY) return whole(bytes); // mismatched: let JSON.parse say so
          const last: [number, number] = [elementStart, i];
          if (ranges.length || !isBlank(bytes, ...last)) ranges.push(last);
          const head = decoder.decode(bytes.subarray(0, arrayOpen + 1)) +
            decoder.decode(bytes.subarray(i));
          return {
            head,
            count: ranges.length,
            prompt: (n) => decoder.decode(bytes.subarray(...ranges[n]!)),
          };
        }
        depth--;
        break;
      case COMMA:
        if (depth === 2 && arrayOpen >= 0) {
          ranges.push([elementStart, i]);
          elementStart = i + 1;
        } else if (depth === 1) {
          key = null;
          lastString = null;
        }
        break;
    }
  }
  return whole(bytes);
}

function whole(bytes: Uint8Array): SplitLibrary {
  return { head: new TextDecoder().decode(bytes), count: 0, prompt: () => "" };
}

function isBlank(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return false;
  }
  return true;
}
