// Debian's Chromium under playwright-core (never a downloaded browser), with the flags this
// network needs (no background calls to hosts it cannot reach).
//
// Every page the flows open is watched for Content-Security-Policy violations: the page's
// `securitypolicyviolation` events and Chromium's "Refused to …" console errors. A flow ends
// with `passed(browser)`, which fails it if there were any.
import { chromium } from 'playwright-core';

export const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Chromium, whose contexts (and so pages) all report policy violations to it. */
export async function launch() {
  return new WatchedBrowser(await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS }));
}

export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

/** The flow's last step: it fails if any page broke the policy, else prints "ok". */
export function passed(browser) {
  const { violations } = browser;
  check(violations.length === 0, `no Content-Security-Policy violations, got:\n  ${violations.join('\n  ')}`);
  console.log('ok');
}

class WatchedBrowser {
  violations = [];

  constructor(browser) {
    this.browser = browser;
  }

  async newContext(options) {
    const context = await this.browser.newContext(options);
    await watchPolicy(context, this.violations);
    return context;
  }

  /** A page in a context of its own (closed with the browser). */
  async newPage(options) {
    const context = await this.newContext(options);
    return context.newPage();
  }

  close() {
    return this.browser.close();
  }
}

async function watchPolicy(context, violations) {
  // A binding, not a window array: it outlives navigations and reloads.
  await context.exposeFunction('__reportPolicyViolation', (text) => violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const where = `${event.sourceFile || event.documentURI}:${event.lineNumber}`;
      window.__reportPolicyViolation(
        `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${where} ${event.sample}`,
      );
    });
  });
  context.on('console', (message) => {
    if (message.text().startsWith('Refused to')) violations.push(`console: ${message.text()}`);
  });
}
