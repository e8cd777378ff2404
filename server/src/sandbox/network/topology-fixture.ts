/** A small lab network for unit tests: a laptop, a router, a DNS server and a web server on two subnets. */
import type { NetworkTopology } from './topology.js';

export function twoSubnetTopology(): NetworkTopology {
  return {
    domain: 'lab.test',
    subnets: [
      { name: 'home', cidr: '10.0.1.0/24' },
      { name: 'dc', cidr: '10.0.2.0/24' },
    ],
    hosts: [
      { name: 'laptop', learner: true, forward: false, interfaces: [{ subnet: 'home', address: '10.0.1.10' }], gateway: null,
        routes: [{ to: '10.0.2.0/24', via: '10.0.1.1' }],
        etcHosts: { 'shop.lab.test': '10.0.2.80' }, dns: null, web: null, capture: true },
      { name: 'router', learner: false, forward: true, gateway: null, routes: [], etcHosts: {}, dns: null, web: null, capture: false,
        interfaces: [{ subnet: 'home', address: '10.0.1.1' }, { subnet: 'dc', address: '10.0.2.1' }] },
      { name: 'ns', learner: false, forward: false, interfaces: [{ subnet: 'dc', address: '10.0.2.53' }], gateway: '10.0.2.1', routes: [],
        etcHosts: {}, dns: { records: { 'www.lab.test': '10.0.2.80' } }, web: null, capture: false },
      { name: 'www', learner: false, forward: false, interfaces: [{ subnet: 'dc', address: '10.0.2.80' }], gateway: '10.0.2.1', routes: [],
        etcHosts: {}, dns: null, web: { pages: { '/index.html': 'hello\n' } }, capture: false },
    ],
  };
}
