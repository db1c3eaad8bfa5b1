// The UDP layer of one host (RFC 768), below the sockets of udp.ts: registered in the
// host's IP protocol table as protocol 17, it checks each datagram's checksum with the
// pseudo-header, finds the socket by (destination address, port) in the port table, and
// answers a closed port with ICMP port unreachable (RFC 1122 §4.1.3.1). ICMP errors that
// quote one of our datagrams go to the socket that sent it. Private to udp.ts.
//
//   IP layer ──protocol 17──▶ udpInput: checksum? ─no─▶ drop (dropped.checksum)
//                                         │ yes
//                                         ▼
//                             ports.lookup(dst address, dst port) ─none─▶ ICMP port unreachable
//                                         │ socket
//                                         ▼
//                             socket[DELIVER](datagram)

import { IpProtocol } from "../wire/ipv4.ts";
import { UnreachableCode } from "../wire/icmp.ts";
import { parseUdp } from "../wire/udp.ts";
import type { Host } from "../net/host.ts";
import type { IpPacket } from "../net/ip.ts";
import { PortTable } from "./_udp_ports.ts";
import type { Datagram, SocketAddress, SocketError } from "./udp.ts";

// Module-private method names: the layer calls them, users of a socket cannot.
export const DELIVER: unique symbol = Symbol("deliver");
export const DELIVER_ERROR: unique symbol = Symbol("deliverError");

// What the layer needs of a socket.
export interface UdpEndpoint {
  readonly local: SocketAddress | null;
  [DELIVER](datagram: Datagram, layer: UdpLayer): void;
  [DELIVER_ERROR](error: SocketError): void;
}

// One UDP layer per host: the port table and the protocol/ICMP hooks.
export interface UdpLayer {
  ports: PortTable<UdpEndpoint>;
  random: ReturnType<Host["fork"]>;
  dropped: { checksum: number; noPort: number; buffer: number };
}
const layers = new WeakMap<Host, UdpLayer>();

export function layerOf(host: Host): UdpLayer {
  const layer = layers.get(host);
  if (layer !== undefined) return layer;
  const created: UdpLayer = {
    ports: new PortTable<UdpEndpoint>(),
    random: host.fork("udp-ephemeral-ports"),
    dropped: { checksum: 0, noPort: 0, buffer: 0 },
  };
  layers.set(host, created);
  host.onProtocol(IpProtocol.Udp, (packet) => udpInput(host, created, packet));
  host.onIcmp(({ icmp, quoted, packet }) => {
    if (icmp.kind !== "destinationUnreachable" && icmp.kind !== "timeExceeded") return;
    if (quoted?.protocol !== IpProtocol.Udp || quoted.sourcePort === null) return;
    const socket = created.ports.lookup(quoted.source, quoted.sourcePort);
    socket?.[DELIVER_ERROR]({
      t: host.sim.now,
      from: packet.repr.source,
      kind: icmp.kind,
      code: icmp.code,
      address: quoted.destination,
      port: quoted.destinationPort as number,
    });
  });
  return created;
}

function udpInput(host: Host, layer: UdpLayer, packet: IpPacket): void {
  const { source, destination } = packet.repr;
  let udp;
  try {
    udp = parseUdp(packet.repr.payload, { source, destination });
  } catch {
    layer.dropped.checksum++; // Linux: UDP_MIB_CSUMERRORS / INERRORS
    return;
  }
  const socket = layer.ports.lookup(destination, udp.destinationPort);
  if (socket === undefined) {
    layer.dropped.noPort++; // Linux: UDP_MIB_NOPORTS
    host.sendIcmpError(packet.bytes, {
      kind: "destinationUnreachable",
      code: UnreachableCode.Port,
    });
    return;
  }
  socket[DELIVER]({
    data: udp.payload.slice(),
    address: source,
    port: udp.sourcePort,
    t: host.sim.now,
  }, layer);
}
