/**
 * common/src/protocol.ts builds zod schemas when it loads, and zod then probes
 * whether `new Function` works to compile fast parsers. Under the page's CSP
 * (no 'unsafe-eval') the probe fails quietly but still files a
 * securitypolicyviolation report on every page load. The page never parses
 * with zod, so turn the probe off. main.ts imports this module before anything
 * that reaches protocol.ts, so it runs first.
 */
import { z } from 'zod';

z.config({ jitless: true });
