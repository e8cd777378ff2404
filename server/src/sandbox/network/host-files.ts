/**
 * What each host of a lab network runs and sees, as data: its /etc/hosts and
 * resolv.conf, the configuration of its services (dnsmasq for DNS, nginx for
 * HTTP/1.1 on port 80 and HTTP/2 over TLS on 443), the command that starts
 * them, and the sockets that prove they are up. Pure; the driver writes the
 * files and starts the command inside the host's own sandbox, unprivileged.
 */
import { dnsHost, type NetworkHost, type NetworkTopology } from './topology.js';

/** Where a host sees its configuration directory (bound read-only). */
export const HOST_CONFIG_MOUNT = '/etc/syslab';
/** The lab's self-signed certificate, on every host: `curl --cacert /etc/syslab/lab.crt https://…`. */
export const LAB_CERT_FILE = 'lab.crt';
export const LAB_KEY_FILE = 'lab.key';
/** Service logs, in the host's own /tmp: checks on that host read them. */
export const NGINX_ACCESS_LOG = '/tmp/access.log';
export const DNSMASQ_LOG = '/tmp/dnsmasq.log';
/** Where nginx says why it did not start (a driver shows its tail when a web host never listens). */
export const NGINX_ERROR_LOG = '/tmp/nginx-error.log';

export interface ListeningSocket {
  protocol: 'tcp' | 'udp';
  port: number;
}

export interface HostFiles {
  /** /etc files generated for this host beyond the identity files: name → content. */
  hostsLines: string[];
  resolvConf: string | null;
  /** Files of its configuration directory (HOST_CONFIG_MOUNT): relative path → content. The certificate is added by the driver. */
  config: Record<string, string>;
  /** Whether the host serves HTTPS and needs the lab's private key. */
  needsKey: boolean;
  /** The host sandbox's command: its services in the foreground, or a process that only waits. */
  command: string[];
  /** Sockets that must be listening before the network counts as up. */
  ready: ListeningSocket[];
}

export function hostFiles(topology: NetworkTopology, host: NetworkHost): HostFiles {
  const dns = dnsHost(topology);
  const config: Record<string, string> = {};
  const services: string[] = [];
  const ready: ListeningSocket[] = [];
  if (host.dns) {
    config['dns-hosts'] = dnsHostsFile(topology, host.dns.records);
    services.push(dnsmasqCommand(topology.domain));
    ready.push({ protocol: 'udp', port: 53 }, { protocol: 'tcp', port: 53 });
  }
  if (host.web) {
    config['nginx.conf'] = nginxConf(topology.domain);
    for (const [urlPath, body] of Object.entries(host.web.pages)) config[`www${urlPath}`] = body;
    services.push(`nginx -c ${HOST_CONFIG_MOUNT}/nginx.conf -e ${NGINX_ERROR_LOG} -g 'daemon off;'`);
    ready.push({ protocol: 'tcp', port: 80 }, { protocol: 'tcp', port: 443 });
  }
  // The host's first process must keep running (the sandbox lives as long as
  // it does); a host without services just waits.
  const script = services.length === 0 ? 'exec sleep infinity' : `${services.map((s) => `${s} &`).join('\n')}\nwait`;
  return {
    hostsLines: Object.entries(host.etcHosts).map(([name, address]) => `${address}\t${name}`),
    resolvConf: dns ? `nameserver ${dns.interfaces[0]!.address}\nsearch ${topology.domain}\n` : null,
    config,
    needsKey: host.web !== null,
    command: ['/bin/sh', '-c', script],
    ready,
  };
}

/** `<address> <host>.<domain> <host>` for every host address, then the extra records. */
function dnsHostsFile(topology: NetworkTopology, records: Record<string, string>): string {
  const lines: string[] = [];
  for (const h of topology.hosts) {
    for (const iface of h.interfaces) lines.push(`${iface.address}\t${h.name}.${topology.domain}\t${h.name}`);
  }
  for (const [name, address] of Object.entries(records)) lines.push(`${address}\t${name}`);
  return `${lines.join('\n')}\n`;
}

/**
 * dnsmasq as a plain authoritative-style server for the lab's domain: no
 * upstream (names outside the lab are refused), no /etc/hosts of its own,
 * answers that may be cached for a minute (dig shows the TTL), no
 * daemonizing and no user switch (it already runs unprivileged), every query
 * logged where a check can read it.
 */
function dnsmasqCommand(domain: string): string {
  return ['dnsmasq', '--keep-in-foreground', '--no-resolv', '--no-hosts',
    `--addn-hosts=${HOST_CONFIG_MOUNT}/dns-hosts`, `--local=/${domain}/`, `--domain=${domain}`,
    '--port=53', '--local-ttl=60', '--pid-file=', '--user=', '--group=', '--log-queries', `--log-facility=${DNSMASQ_LOG}`].join(' ');
}

/**
 * nginx as an unprivileged user: every path it writes under /tmp, one worker.
 * Port 80 speaks HTTP/1.1 (and 1.0); 443 speaks TLS with ALPN offering h2 and
 * http/1.1. /whoami answers with the client's address, port and protocol, so
 * a learner can match a request to the socket `ss` shows.
 */
function nginxConf(domain: string): string {
  return `worker_processes 1;
pid /tmp/nginx.pid;
error_log ${NGINX_ERROR_LOG};
events { worker_connections 256; }
http {
  types { text/html html; text/plain txt; application/json json; text/css css; }
  default_type text/plain;
  log_format lab '$remote_addr:$remote_port "$request" $status $body_bytes_sent $server_protocol $ssl_protocol';
  access_log ${NGINX_ACCESS_LOG} lab;
  client_body_temp_path /tmp/nginx-body;
  proxy_temp_path /tmp/nginx-proxy;
  fastcgi_temp_path /tmp/nginx-fastcgi;
  uwsgi_temp_path /tmp/nginx-uwsgi;
  scgi_temp_path /tmp/nginx-scgi;
  server_tokens off;
  # A learner holds a connection open to look at it with ss: an hour before
  # nginx gives up on a request that never comes, or on an idle keep-alive.
  client_header_timeout 3600s;
  keepalive_timeout 3600s;
  server {
    listen 80;
    listen 443 ssl http2;
    ssl_protocols TLSv1.2 TLSv1.3;
    server_name ${domain} *.${domain};
    ssl_certificate ${HOST_CONFIG_MOUNT}/${LAB_CERT_FILE};
    ssl_certificate_key ${HOST_CONFIG_MOUNT}/${LAB_KEY_FILE};
    root ${HOST_CONFIG_MOUNT}/www;
    location = /whoami {
      default_type text/plain;
      return 200 "you are $remote_addr port $remote_port, speaking $server_protocol to $hostname\\n";
    }
  }
}
`;
}
