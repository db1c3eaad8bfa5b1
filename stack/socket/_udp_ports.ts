// The UDP port table of one host: which socket owns which (address, port), how an
// arriving datagram finds its socket (port demultiplexing), and how an ephemeral port
// is picked. Private to stack/socket/udp.ts.
//
//   bound:  (10.0.2.20, 53) → s1      (0.0.0.0, 9999) → s2
//   lookup(10.0.2.20, 53)   → s1      exact address first,
//   lookup(10.0.2.20, 9999) → s2      then the wildcard 0.0.0.0
//   lookup(10.0.2.20, 7)    → none    → ICMP port unreachable
//
// Conflicts follow Linux without SO_REUSEADDR (udp_lib_lport_inuse()): two sockets may
// not share a port when their addresses are equal or either is the wildcard.
// Ephemeral ports follow udp_lib_get_port(): a random start in ip_local_port_range, then
// the next free port upward, wrapping; the randomness comes from the host's seeded fork.

import type { Random } from "../../src/sim/mod.ts";
import type { Ipv4Address } from "../wire/ipv4_address.ts";

export const ANY_ADDRESS = "0.0.0.0";

export class PortTable<Owner> {
  #bound = new Map<number, Map<Ipv4Address, Owner>>();

  /** The owner that conflicts with binding (address, port), if any. */
  conflict(address: Ipv4Address, port: number): Owner | undefined {
    const owners = this.#bound.get(port);
    if (owners === undefined) return undefined;
    if (address === ANY_ADDRESS) return owners.values().next().value;
    return owners.get(address) ?? owners.get(ANY_ADDRESS);
  }

  add(address: Ipv4Address, port: number, owner: Owner): void {
    let owners = this.#bound.get(port);
    if (owners === undefined) this.#bound.set(port, owners = new Map());
    owners.set(address, owner);
  }

  remove(address: Ipv4Address, port: number): void {
    const owners = this.#bound.get(port);
    owners?.delete(address);
    if (owners?.size === 0) this.#bound.delete(port);
  }

  /** Demultiplex: the exact (address, port) owner, else the wildcard one. */
  lookup(address: Ipv4Address, port: number): Owner | undefined {
    const owners = this.#bound.get(port);
    return owners?.get(address) ?? owners?.get(ANY_ADDRESS);
  }

  /** A free port for `address` in [min, max] from a random start, or undefined if full. */
  ephemeral(address: Ipv4Address, min: number, max: number, random: Random): number | undefined {
    const size = max - min + 1;
    const start = random.int(0, size - 1);
    for (let i = 0; i < size; i++) {
      const port = min + ((start + i) % size);
      if (this.conflict(address, port) === undefined) return port;
    }
    return undefined;
  }

  /** Every binding, sorted by port then address. */
  rows(): { address: Ipv4Address; port: number; owner: Owner }[] {
    const rows: { address: Ipv4Address; port: number; owner: Owner }[] = [];
    for (const [port, owners] of this.#bound) {
      for (const [address, owner] of owners) rows.push({ address, port, owner });
    }
    return rows.sort((x, y) => x.port - y.port || (x.address < y.address ? -1 : 1));
  }
}
