import assert from "node:assert/strict";
import { peakMbOfStatus } from "./library_io.ts";

Deno.test("peakMbOfStatus: VmHWM of /proc/<pid>/status in MB", () => {
  const status = "Name:\tdeno\nVmPeak:\t 9999999 kB\nVmHWM:\t  196608 kB\nVmRSS:\t  100000 kB\n";
  assert.equal(peakMbOfStatus(status), 192);
  assert.equal(peakMbOfStatus("Name:\tdeno\n"), null);
});
