import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Debian's Chromium with software WebGL2. Mesa llvmpipe through ANGLE's GL-EGL backend is 3–6× faster
 * than SwiftShader; set CHROMIUM_GL=swiftshader to fall back. Never --disable-gpu: it silently
 * switches to SwiftShader.
 */
const GL_FLAGS: Record<string, string[]> = {
  llvmpipe: ['--use-gl=angle', '--use-angle=gl-egl', '--ignore-gpu-blocklist'],
  swiftshader: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
};

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium fonts-noto-cjk`);
  }
  const gl = GL_FLAGS[process.env.CHROMIUM_GL ?? 'llvmpipe'] ?? GL_FLAGS.llvmpipe!;
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      ...gl,
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Console messages that are known and harmless (see docs/stack-notes in the README). */
const BENIGN = [
  /Binding weightsTexture not set/,
  /GPU stall due to ReadPixels/,
  /Automatic fallback to software WebGL/,
];

/** Collects console errors and page errors (uncaught exceptions) of a page. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !BENIGN.some((re) => re.test(msg.text()))) errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/** Records every request that leaves loopback: the app must work fully offline. */
export function collectExternalRequests(page: Page): string[] {
  const external: string[] = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (
      !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) &&
      !['data:', 'blob:'].includes(url.protocol)
    ) {
      external.push(req.url());
    }
  });
  return external;
}

export const ARTIFACTS_DIR = path.resolve('tests/artifacts');

/** Saves a screenshot under tests/artifacts (ignored by git) and returns its PNG bytes. */
export async function saveScreenshot(page: Page, name: string): Promise<Buffer> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`) });
}

/**
 * Colour statistics of a region of a PNG, decoded by the browser itself (no image library needed):
 * how many distinct colours (quantised to 4 bits per channel) and the share of the commonest one.
 */
export async function regionStats(
  page: Page,
  png: Buffer,
  region: { x: number; y: number; width: number; height: number },
): Promise<{ distinctColours: number; dominantShare: number }> {
  return page.evaluate(
    async ({ b64, region }) => {
      const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
      const bitmap = await createImageBitmap(blob);
      const canvas = new OffscreenCanvas(region.width, region.height);
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      ctx.drawImage(
        bitmap,
        region.x,
        region.y,
        region.width,
        region.height,
        0,
        0,
        region.width,
        region.height,
      );
      const { data } = ctx.getImageData(0, 0, region.width, region.height);
      const counts = new Map<number, number>();
      for (let i = 0; i < data.length; i += 4) {
        const key = ((data[i]! >> 4) << 8) | ((data[i + 1]! >> 4) << 4) | (data[i + 2]! >> 4);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const max = Math.max(...counts.values());
      return { distinctColours: counts.size, dominantShare: max / (data.length / 4) };
    },
    { b64: png.toString('base64'), region },
  );
}
