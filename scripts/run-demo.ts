/**
 * `npm start`: builds the extension, serves the demo news page on 127.0.0.1 and opens it in Chromium with
 * Backstory loaded. With a display, the browser stays open until you close it (or press Ctrl-C).
 * Without one (or with --headless), it hovers a highlighted name, saves a screenshot of the card to
 * `out/demo.png` and prints what was highlighted.
 *
 * Options: --no-build (reuse .output/chrome-mv3), --headless, --screenshot <file>.
 */
import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { startDemoServer } from '../e2e/server';
import { launchWithExtension } from '../e2e/browser';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

async function main(): Promise<void> {
  if (!flag('--no-build')) execSync('npm run build', { stdio: 'inherit' });
  const headless = flag('--headless') || !process.env.DISPLAY;
  const server = await startDemoServer(resolve('demo'));
  const browser = await launchWithExtension({ headless });
  const page = await browser.context.newPage();
  await page.goto(server.url('/article.html'));
  console.log(`Demo page: ${server.url('/article.html')}`);
  console.log(`Popup:     chrome-extension://${browser.extensionId}/popup.html`);

  await page.waitForSelector('[data-backstory-id]', { timeout: 20_000 });
  const found = await page.$$eval('[data-backstory-id]', (marks) =>
    marks.map((mark) => `${mark.getAttribute('data-backstory-kind')}\t${(mark.textContent ?? '').replace(/\s+/g, ' ')}`),
  );
  console.log(`Highlighted ${found.length} mentions:\n  ${[...new Set(found)].join('\n  ')}`);

  if (!headless) {
    console.log('Chromium is open with Backstory loaded. Close it or press Ctrl-C to stop.');
    await new Promise<void>((done) => {
      browser.context.on('close', () => done());
      process.on('SIGINT', () => done());
    });
  } else {
    const mention = page.locator('[data-backstory-id="place:belgorod-ru"]').nth(1);
    await mention.scrollIntoViewIfNeeded();
    await mention.hover();
    await page.waitForSelector('backstory-popover .card', { timeout: 10_000 });
    await page.waitForTimeout(300);
    const file = resolve(option('--screenshot') ?? 'out/demo.png');
    mkdirSync(dirname(file), { recursive: true });
    await page.screenshot({ path: file });
    console.log(`No display: hovered "Belgorod" and saved a screenshot of the card to ${file}`);
  }
  await browser.close();
  await server.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
