// Preloaded into Portkey's gateway (`node --import`) by bench/portkey.ts, so the peer the bench
// measures stays on this machine's loopback. Portkey's start-server.js has no host flag: it calls
// @hono/node-server's serve({ port }), which listens on every interface. Here a listen without a
// loopback host is bound to 127.0.0.1, and a TCP connection to anything but loopback is refused
// before any name lookup, with a line on stderr that bench/portkey.ts counts
// (REFUSED_PREFIX there). Unix sockets are left alone.
import net from "node:net";

const PREFIX = "portkey-loopback: refused";
const loopbackHosts = new Set(["localhost", "::1", "::ffff:127.0.0.1"]);
const isLoopback = (host) =>
  typeof host === "string" && (loopbackHosts.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host));

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const [first, second] = args;
  if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    // listen(port, host?, backlog?, cb?): replace a missing or wider host, or insert one.
    if (typeof second === "string" || second === undefined || second === null) {
      if (!isLoopback(second)) args[1] = "127.0.0.1";
    } else {
      args.splice(1, 0, "127.0.0.1");
    }
  } else if (first && typeof first === "object" && first.port !== undefined) {
    if (!isLoopback(first.host)) args[0] = { ...first, host: "127.0.0.1" };
  }
  return listen.apply(this, args);
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // net.connect() hands over its arguments already normalized, as an array.
  const call = Array.isArray(args[0]) ? args[0] : args;
  const options = typeof call[0] === "object" && call[0] !== null
    ? call[0]
    : typeof call[0] === "number" || /^\d+$/.test(String(call[0]))
    ? { port: call[0], host: typeof call[1] === "string" ? call[1] : "localhost" }
    : { path: call[0] };
  if (options.path === undefined) {
    const host = options.host ?? "localhost";
    if (!isLoopback(host)) {
      const message = `${PREFIX} a connection to ${host}:${options.port}`;
      process.stderr.write(`${message}\n`);
      throw new Error(message);
    }
  }
  return connect.apply(this, args);
};
