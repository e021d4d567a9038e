/** A tunnel as every tunnel answer shows it (create, get, list, update, rotate), in the documented key order. */
export interface TunnelView {
  name: string;
  namespace: string;
  tcpPorts: number[];
  /** The tunnel's credential: the CLI and the console show it only where a new one is handed out. */
  authToken: string;
  connectedClients: number;
  created: string;
  /** With ?metrics=1: bytes/s received and sent and TCP connections/s over the last 5 minutes. */
  metrics?: { rx: number; tx: number; tcpConnectionRate: number };
}

export interface NamespaceView {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  created: string;
}
