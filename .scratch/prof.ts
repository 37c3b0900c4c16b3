// Connects to a Deno inspector, records a CPU profile for N seconds, prints self/total time by function and by file.
const [wsUrlBase, secs] = [Deno.args[0], Number(Deno.args[1] ?? 6)];
const list = await (await fetch(`http://${wsUrlBase}/json/list`)).json();
const ws = new WebSocket(list[0].webSocketDebuggerUrl);
let id = 0; const pending = new Map<number, (v: any) => void>();
ws.onmessage = (e) => { const m = JSON.parse(e.data); if (m.id && pending.has(m.id)) { pending.get(m.id)!(m.result); pending.delete(m.id); } };
await new Promise((r) => ws.onopen = r);
const send = (method: string, params = {}) => new Promise<any>((r) => { const i = ++id; pending.set(i, r); ws.send(JSON.stringify({ id: i, method, params })); });
await send("Profiler.enable"); await send("Profiler.setSamplingInterval", { interval: 200 });
await send("Profiler.start");
await new Promise((r) => setTimeout(r, secs * 1000));
const { profile } = await send("Profiler.stop");
ws.close();
const nodes = new Map<number, any>(); for (const n of profile.nodes) nodes.set(n.id, n);
const parent = new Map<number, number>(); for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const counts = new Map<number, number>(); for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
const total = profile.samples.length;
const selfBy = new Map<string, number>(), totBy = new Map<string, number>(), fileTot = new Map<string, number>();
const label = (n: any) => `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.replace("file:///work/main/", "").replace(/^.*node_modules\//, "nm/")}:${n.callFrame.lineNumber}`;
const file = (n: any) => { const u = n.callFrame.url.replace("file:///work/main/", ""); const m = /node_modules\/(@[^/]+\/[^/]+|[^/]+)/.exec(u); return m ? "nm/" + m[1] : u || n.callFrame.functionName; };
for (const [nid, c] of counts) {
  const n = nodes.get(nid); selfBy.set(label(n), (selfBy.get(label(n)) ?? 0) + c);
  const seen = new Set<string>(), seenF = new Set<string>();
  for (let x: number | undefined = nid; x !== undefined; x = parent.get(x)) {
    const nn = nodes.get(x); const l = label(nn); if (!seen.has(l)) { seen.add(l); totBy.set(l, (totBy.get(l) ?? 0) + c); }
    const f = file(nn); if (!seenF.has(f)) { seenF.add(f); fileTot.set(f, (fileTot.get(f) ?? 0) + c); }
  }
}
const pr = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([l, c]) => `${(100 * c / total).toFixed(1).padStart(5)}% ${l}`).join("\n");
console.log(`samples ${total}\n--- self`); console.log(pr(selfBy, 30)); console.log("--- total by file"); console.log(pr(fileTot, 40)); console.log("--- total by fn"); console.log(pr(totBy, 60));
