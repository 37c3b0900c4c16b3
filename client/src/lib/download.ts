/**
 * Saves what an authenticated request answered as a file: the browser cannot follow a link that
 * needs the caller's token, so the answer is fetched and handed over as a blob.
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoked once the download has taken it (a link revoked at once can lose the file).
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
