/**
 * A load balancer for one machine: every HTTP request and every websocket
 * upgrade goes to the next node in turn, with no sticky sessions, so a page
 * and its socket usually land on different nodes. The Host header passes
 * through untouched: the nodes are configured with the proxy's origin.
 *
 * A node that refuses the connection (it was stopped) is skipped for requests
 * without a body and for upgrades; anything else gets a 502 that names it.
 */
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { connect, type Socket } from "node:net";

export type Upstream = { name: string; port: number };

// Headers about one connection, not the message: each side of the proxy has its own.
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"];

export function roundRobinProxy(nodes: Upstream[], log: (line: string) => void) {
  let turn = 0;
  const nextNode = () => nodes[turn++ % nodes.length]!;
  const refused = (node: Upstream) => {
    log(`${node.name} refused the connection: the next node gets it`);
    return nextNode();
  };

  const server = createServer((req, res) => {
    const hasBody = req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;
    const send = (node: Upstream, triesLeft: number) => {
      log(`${req.method} ${req.url} → ${node.name}`);
      const upstream = request(
        { host: "127.0.0.1", port: node.port, method: req.method, path: req.url, headers: withoutHopByHop(req.headers) },
        (reply) => {
          res.writeHead(reply.statusCode ?? 502, withoutHopByHop(reply.headers));
          reply.pipe(res);
        },
      );
      upstream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "ECONNREFUSED" && !hasBody && triesLeft > 0) return send(refused(node), triesLeft - 1);
        if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
        res.end(`${node.name} did not answer: ${error.message}\n`);
      });
      if (hasBody) req.pipe(upstream);
      else upstream.end();
    };
    send(nextNode(), nodes.length - 1);
  });

  server.on("upgrade", (req: IncomingMessage, client: Socket, head: Buffer) => {
    const open = (node: Upstream, triesLeft: number) => {
      log(`websocket ${req.url?.split("?")[0]} → ${node.name}`);
      const upstream = connect(node.port, "127.0.0.1", () => {
        upstream.write(requestHead(req));
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client).pipe(upstream); // from here on, bytes both ways: the node answers the upgrade itself
      });
      upstream.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "ECONNREFUSED" && triesLeft > 0) return open(refused(node), triesLeft - 1);
        client.destroy();
      });
      client.on("error", () => upstream.destroy());
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    };
    open(nextNode(), nodes.length - 1);
  });

  return server;
}

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const kept = { ...headers };
  for (const name of HOP_BY_HOP) delete kept[name];
  return kept;
}

/** The upgrade request as it came, to replay to the node: the websocket handshake is the node's. */
function requestHead(req: IncomingMessage): string {
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  return `${lines.join("\r\n")}\r\n\r\n`;
}
