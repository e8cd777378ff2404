/**
 * A packet capture a learner can read, built with privilege separation
 * (as tcpdump's -Z or Wireshark's dumpcap do it, but stricter):
 *
 * 1. OPENER, run as a pool uid holding CAP_NET_RAW and nothing else, inside
 *    the host's network namespace: opens one AF_PACKET socket on one
 *    interface, moves it to descriptor 4, says so on stdout, and execs the
 *    rest of its argv, which drops the capability before anything else runs.
 * 2. PARSER, run in a bubblewrap sandbox with no capability, no network and
 *    the seccomp filter: reads frames from descriptor 4 and prints one line
 *    per packet, tcpdump style, to stdout, a file the learner's sandbox sees
 *    read-only. Only this small, memory-safe Python program ever looks at
 *    packet contents, and it cannot send anything (the socket is read from,
 *    and a compromised parser has no capability to open another).
 *
 * The learner never holds the socket: their processes run as another uid in
 * another pid namespace, so they cannot ptrace the parser to take it.
 */

/** The descriptor the packet socket travels on (3 is the seccomp filter bwrap reads). */
export const CAPTURE_FD = 4;
/** The file the parser writes is cut back to empty past this, so a flood cannot fill the host's /run. */
export const CAPTURE_MAX_BYTES = 1024 * 1024;
/** Where the learner reads it. */
export const CAPTURE_MOUNT = '/var/log/capture.txt';

/** argv: python3 -I -c OPENER <interface> <command…> */
export const CAPTURE_OPENER = `
import os, socket, sys
ETH_P_ALL = 3
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
s.bind((sys.argv[1], 0))
fd = s.detach()
if fd != ${CAPTURE_FD}:
    os.dup2(fd, ${CAPTURE_FD})
    os.close(fd)
os.set_inheritable(${CAPTURE_FD}, True)
sys.stdout.write("capturing on %s\\n" % sys.argv[1])
sys.stdout.flush()
os.execv(sys.argv[2], sys.argv[2:])
`.trim();

/** argv: python3 -I -c PARSER ; reads descriptor CAPTURE_FD, writes lines to stdout. */
export const CAPTURE_PARSER = `
import os, socket, struct, sys, time
MAX = ${CAPTURE_MAX_BYTES}
sock = socket.socket(fileno=${CAPTURE_FD})
out = os.fdopen(1, "w", buffering=1)

def mac(b): return ":".join("%02x" % x for x in b)
def ip(b): return socket.inet_ntoa(b)

def dns_name(data, off, depth=0):
    labels = []
    while off < len(data) and depth < 20:
        n = data[off]
        if n == 0: return ".".join(labels) + ".", off + 1
        if n & 0xC0 == 0xC0:
            ptr = ((n & 0x3F) << 8) | data[off + 1]
            name, _ = dns_name(data, ptr, depth + 1)
            return ".".join(labels + [name.rstrip(".")]) + ".", off + 2
        labels.append(data[off + 1:off + 1 + n].decode("ascii", "replace")); off += 1 + n
    return ".".join(labels) + ".", off

TYPES = {1: "A", 28: "AAAA", 5: "CNAME", 12: "PTR", 2: "NS", 15: "MX", 16: "TXT"}
RCODES = {0: "", 2: " ServFail", 3: " NXDomain", 5: " Refused"}

def dns(data):
    qid, flags, qd, an, ns, ar = struct.unpack("!HHHHHH", data[:12])
    name, off = dns_name(data, 12)
    qtype = struct.unpack("!H", data[off:off + 2])[0]; off += 4
    t = TYPES.get(qtype, str(qtype))
    if not flags & 0x8000:
        return "DNS query %d %s? %s" % (qid, t, name)
    answers = []
    for _ in range(an):
        _, off = dns_name(data, off)
        rtype, _, _, rdlen = struct.unpack("!HHIH", data[off:off + 10]); off += 10
        rdata = data[off:off + rdlen]; off += rdlen
        answers.append("%s %s" % (TYPES.get(rtype, rtype), ip(rdata) if rtype == 1 and rdlen == 4 else "..."))
    return "DNS response %d%s %s %s" % (qid, RCODES.get(flags & 15, " rcode %d" % (flags & 15)), name, ", ".join(answers) or "(no answer)")

def tcp_flags(f):
    s = "".join(c for bit, c in ((1, "F"), (2, "S"), (4, "R"), (8, "P")) if f & bit)
    return s + ("." if f & 16 else "")

def ipv4(p):
    ihl = (p[0] & 15) * 4
    total, = struct.unpack("!H", p[2:4])
    ttl, proto = p[8], p[9]
    src, dst = ip(p[12:16]), ip(p[16:20])
    body = p[ihl:total]
    if proto == 6:
        sport, dport, seq, ack, off, flags, win = struct.unpack("!HHIIBBH", body[:16])
        length = len(body) - (off >> 4) * 4
        line = "IP %s.%d > %s.%d: Flags [%s], seq %d" % (src, sport, dst, dport, tcp_flags(flags), seq)
        if flags & 16: line += ", ack %d" % ack
        return line + ", win %d, length %d" % (win, length)
    if proto == 17:
        sport, dport, ulen = struct.unpack("!HHH", body[:6])
        line = "IP %s.%d > %s.%d: UDP, length %d" % (src, sport, dst, dport, ulen - 8)
        if 53 in (sport, dport):
            try: line += ": " + dns(body[8:])
            except Exception: pass
        return line
    if proto == 1:
        kind, code = body[0], body[1]
        names = {0: "echo reply", 8: "echo request", 3: "destination unreachable", 11: "time exceeded in-transit"}
        line = "IP %s > %s: ICMP %s" % (src, dst, names.get(kind, "type %d" % kind))
        if kind in (0, 8):
            ident, seq = struct.unpack("!HH", body[4:8]); line += ", id %d, seq %d" % (ident, seq)
        elif kind == 3:
            line += " (%s)" % {0: "net unreachable", 1: "host unreachable", 3: "port unreachable"}.get(code, "code %d" % code)
        return line + ", ttl %d, length %d" % (ttl, len(body))
    if proto == 2:
        return "IP %s > %s: IGMP, length %d" % (src, dst, len(body))
    return "IP %s > %s: protocol %d, length %d" % (src, dst, proto, len(body))

def frame(f):
    etype, = struct.unpack("!H", f[12:14])
    if etype == 0x0806:
        op, = struct.unpack("!H", f[20:22])
        sha, spa, tpa = f[22:28], ip(f[28:32]), ip(f[38:42])
        if op == 1: return "ARP, Request who-has %s tell %s, length 28" % (tpa, spa)
        if op == 2: return "ARP, Reply %s is-at %s, length 28" % (spa, mac(sha))
        return "ARP, op %d" % op
    if etype == 0x0800: return ipv4(f[14:])
    return "ethertype 0x%04x, length %d" % (etype, len(f))

while True:
    f = sock.recv(65535)
    try: line = frame(f)
    except Exception: line = "malformed packet, length %d" % len(f)
    t = time.time()
    if os.fstat(1).st_size > MAX:
        os.ftruncate(1, 0)
        out.write("(the capture passed %d bytes and was cut; older packets are gone)\\n" % MAX)
    out.write("%s.%06d %s\\n" % (time.strftime("%H:%M:%S", time.localtime(t)), int(t % 1 * 1e6), line))
`.trim();
