/**
 * Limits of a lab network's service hosts (router, DNS, web server) and of
 * its packet capture, whichever driver runs them.
 */
import type { SandboxLimits } from '../driver.js';

/**
 * A service host runs dnsmasq or nginx (a few MiB each) or nothing: far below
 * a learner's limits, so a session's network costs little more than its shell.
 */
export const NETWORK_HOST_LIMITS: SandboxLimits = {
  memoryBytes: 64 * 1024 * 1024,
  pids: 64,
  cpus: 0.25,
  diskBytes: 16 * 1024 * 1024,
};
