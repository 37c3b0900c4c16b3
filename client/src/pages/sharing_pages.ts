// The gallery, a shared prompt, the favorites and the owner's share settings share most of their
// code, so they load together as one lazy chunk (split apart, each small chunk repeated the
// imports and compressed worse: about 1 KB more gzipped in all).
export const sharingPages = () => import("./sharing_pages_chunk.ts");
