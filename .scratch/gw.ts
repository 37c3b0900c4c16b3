import { createGateway } from "../dev/gateway.ts";
import { localEnv } from "../dev/env.ts";
const handler = await createGateway({ ...localEnv, PROMPTLINE_LOCAL_STACK: "1" });
Deno.serve({ port: 54391, hostname: "127.0.0.1", onListen: () => {} }, handler);
console.log("gw on 54391");
