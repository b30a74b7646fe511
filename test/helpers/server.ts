// Serve the built site for a test on a free port of 127.0.0.1; close it when done.
import path from "node:path";
import type {AddressInfo} from "node:net";
import type {Server} from "node:http";
import {serve} from "../../data/site/serve.ts";

export interface SiteServer {
  origin: string;
  close(): Promise<void>;
}

export async function serveSite(root = path.resolve("dist")): Promise<SiteServer> {
  return asSiteServer(await serve(root, 0));
}

/** A listening server on 127.0.0.1 as {origin, close}: close drops open connections first. */
export function asSiteServer(server: Server): SiteServer {
  const {port} = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
