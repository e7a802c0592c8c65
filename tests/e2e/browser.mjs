// Debian's Chromium under playwright-core (never a downloaded browser), with the flags this
// network needs (no background calls to hosts it cannot reach).
import { chromium } from 'playwright-core';

export const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS });
}

export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}
