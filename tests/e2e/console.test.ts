// End to end in real Chromium against the real headless console and the real hub on loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { postedHit, realPlate } from '../helpers/hits';
import { postHit } from '../helpers/faults';
import { waitFor } from '../helpers/wait';
import { signInAndAcknowledge } from '../helpers/clearance';
import { useConsoleStack } from '../helpers/stack';

const stack = useConsoleStack();

/** Crops the plate out of a real photo by its box, in the browser (canvas), as JPEG. */
async function cropPlate(page: Page, photo: Buffer, box: [number, number, number, number]): Promise<Buffer> {
  const b64 = await page.evaluate(
    async ({ src, box }) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const [x, y, w, h] = box;
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      canvas.getContext('2d')!.drawImage(img, x, y, w, h, 0, 0, w, h);
      return canvas.toDataURL('image/jpeg', 0.92).split(',')[1]!;
    },
    { src: `data:image/jpeg;base64,${photo.toString('base64')}`, box },
  );
  return Buffer.from(b64, 'base64');
}

/**
 * Signs in; hits other tests left unopened alert at sign-in (as they would a dispatcher), and
 * that alert is acknowledged here, so each test sees its own hit's alert.
 */
async function signIn(page: Page): Promise<void> {
  await page.goto(stack.consoleApp.url);
  await signInAndAcknowledge(page, 'dispatch1', 'night-shift-42');
  await page.getByRole('list', { name: 'Hit queue' }).waitFor();
  const acknowledge = page.getByRole('alert').filter({ hasText: /NEW HIT|NOT OPENED IN TIME/ }).getByRole('button', { name: 'Acknowledge (Esc)' });
  if (await acknowledge.count()) await acknowledge.click();
}

test('a hit from a real photo arrives with an alert, opens, and shows plate, overview, location and hotlist match', async () => {
  const page = await stack.browser.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await signIn(page);
  await assert.doesNotReject(page.getByRole('status', { name: 'Hub connection' }).getByText(/connected/i).waitFor());

  const { photo, box, plate } = realPlate('us/car1');
  const crop = await cropPlate(page, photo, box);
  const hit = postedHit(
    {
      read: { plate, state: 'CA', confidence: 0.93 },
      images: { plate: { mime: 'image/jpeg', base64: crop.toString('base64') }, overview: { mime: 'image/jpeg', base64: photo.toString('base64') } },
      matches: [{ list: 'SVS', reason: 'Stolen vehicle', priority: 'high', plate, state: 'CA', vehicle: '2012 Toyota Camry, silver', notes: 'Taken from 400 Elm St', listUpdatedAt: new Date(Date.now() - 2 * 3600_000).toISOString() }],
    },
  );
  const res = await fetch(`${stack.hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hit) });
  assert.equal(res.status, 202);
  const { id } = (await res.json()) as { id: string };

  const queue = page.getByRole('list', { name: 'Hit queue' });
  const item = queue.getByRole('listitem').filter({ hasText: plate });
  await item.waitFor();
  const alert = page.getByRole('alert').filter({ hasText: plate });
  await alert.waitFor();
  await waitFor('alert sound played', async () => (await alert.getAttribute('data-alert-sound')) === 'played');
  assert.match(await page.title(), /^\(1\)/);

  // Keyboard: focus the queue and open the hit with Enter.
  await item.focus();
  await page.keyboard.press('Enter');
  const plateImg = page.getByRole('img', { name: 'Plate image' });
  await plateImg.waitFor();
  const overview = page.getByRole('img', { name: 'Overview image' });
  for (const img of [plateImg, overview]) {
    await waitFor('image decoded', () => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0));
  }
  assert.equal(await plateImg.evaluate((el) => (el as HTMLImageElement).naturalWidth), box[2]);
  const location = page.getByRole('region', { name: 'Camera location' });
  await location.waitFor();
  assert.match(await location.innerText(), /Main St & 5th Ave/);
  assert.ok((await location.locator('svg').count()) > 0, 'a map is drawn');
  const match = page.getByRole('region', { name: 'Hotlist match' });
  assert.match(await match.innerText(), /Stolen vehicle/);
  assert.match(await match.innerText(), /Toyota Camry/);

  // The lookup was logged (and forwarded) with its purpose.
  const audit = await waitFor('lookup at the hub', async () => {
    const text = await (await fetch(`${stack.hub.url}/audit?workstation=ws-e2e`)).text();
    return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { action: string; purpose: string; data: { hitId?: string }; username: string })
      .find((r) => r.action === 'hits:open' && r.data.hitId === id);
  });
  assert.equal(audit.purpose, 'Hit confirmation');
  assert.equal(audit.username, 'dispatch1');
  assert.deepEqual(dialogs, []);
  await page.close();
});

// A dispatch console's full-HD monitor, and the 1366 x 768 laptop a supervisor or a backup
// position may have: on both, the plate check shows the crop and the map without scrolling.
for (const [width, height, plate] of [[1920, 1080, 'GT679A'], [1366, 768, 'GT679B']] as const) {
  test(`at the plate check on a ${width}x${height} screen the whole crop and the camera map are in view side by side, and the timeline sits with them`, async () => {
    const page = await stack.browser.newPage({ viewport: { width, height } });
    await signIn(page);
    const { photo, box } = realPlate('us/wts-lg-000062');
    const crop = await cropPlate(page, photo, box);
    const hit = postedHit({
      read: { plate, state: 'CA', confidence: 0.9 },
      images: { plate: { mime: 'image/jpeg', base64: crop.toString('base64') }, overview: { mime: 'image/jpeg', base64: photo.toString('base64') } },
    });
    hit.matches[0] = { ...hit.matches[0]!, plate };
    await postHit(stack.hub.url, hit);
    const item = page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem').filter({ hasText: plate });
    await item.waitFor();
    await item.focus();
    await page.keyboard.press('Enter');
    const img = page.getByRole('img', { name: 'Plate image' });
    await img.waitFor();
    await waitFor('plate image decoded', () => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0));
    await page.getByRole('button', { name: /Confirm plate/ }).waitFor();

    // Without scrolling the page: the crop's frame is on screen, and at Fit nothing of the crop
    // is scrolled away inside it (the image is no taller than its frame).
    const frame = page.getByRole('group', { name: 'Plate crop, zoomable' });
    const f = (await frame.boundingBox())!;
    assert.ok(f.y >= 0 && f.y + f.height <= height, `crop frame at y ${f.y}..${f.y + f.height}`);
    const fit = await frame.evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight, img: el.querySelector('img')!.getBoundingClientRect().height }));
    assert.ok(fit.scroll <= fit.client + 1 && fit.img <= fit.client + 1, `whole crop in its frame: ${JSON.stringify(fit)}`);
    const map = (await page.getByRole('region', { name: 'Camera location' }).locator('svg').first().boundingBox())!;
    assert.ok(map.x >= f.x + f.width, 'the map is beside the crop');
    assert.ok(map.y < height && map.y < f.y + f.height, `the map starts on screen, level with the crop (y ${map.y})`);
    // The hotlist entry's plate is on screen too (the full comparison under the crop may not be):
    // image, camera read and list plate, the three things the plate check compares.
    const listPlate = page.locator('.read__facts').getByText(/Hotlist plate/);
    const lp = (await listPlate.boundingBox())!;
    assert.ok(lp.y >= 0 && lp.y + lp.height <= height, `the hotlist plate is in view (y ${lp.y})`);
    assert.match(await page.locator('.read__list').innerText(), new RegExp(`^${plate} CA ✓ same`));
    if (process.env.ALPR_E2E_SHOTS) await page.screenshot({ path: `${process.env.ALPR_E2E_SHOTS}/plate-check-${width}.png` });

    // Another hit arrives meanwhile: its banner pushes the review down, and the crop's frame
    // gives way so that the crop and its zoom bar stay on screen.
    const other = postedHit({ read: { plate: `${plate}X`, state: 'CA', confidence: 0.9 } });
    other.matches[0] = { ...other.matches[0]!, plate: `${plate}X` };
    await postHit(stack.hub.url, other);
    await page.getByRole('alert').filter({ hasText: `${plate}X` }).waitFor();
    await waitFor('the crop and its zoom bar on screen under the banner', async () => {
      const bar = (await page.locator('.plate-viewer__bar').boundingBox())!;
      const g = (await frame.boundingBox())!;
      return g.y > f.y && bar.y + bar.height <= height && g.y + g.height <= height;
    });

    // The timeline is with the evidence, and a step taken appears on it.
    const timeline = page.getByRole('region', { name: 'Timeline' });
    assert.match(await timeline.innerText(), /Plate read by the camera[\s\S]*Opened/);
    assert.equal(await page.locator('.review__column').filter({ has: timeline }).count(), 1);
    // Under it, the hit's id, which a legal hold on this one hit asks for.
    assert.match(await page.locator('.screen__hit-id').innerText(), /^[0-9a-f-]{36}$/);

    // Scrolled down to the timeline, the new hit's banner is still in view, pinned to the top.
    await timeline.scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    assert.ok(await page.evaluate(() => window.scrollY > 0), 'the review is taller than the screen');
    const banner = (await page.getByRole('alert').filter({ hasText: `${plate}X` }).boundingBox())!;
    assert.ok(banner.y >= 0 && banner.y + banner.height <= height, `the banner is on screen when scrolled (y ${banner.y})`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.keyboard.press('c');
    await waitFor('the confirmation on the timeline', async () => /Plate check: confirmed/.test(await timeline.innerText()));
    await page.close();
  });
}

test('markup in a hotlist note or vehicle renders as text, never as HTML', async () => {
  const page = await stack.browser.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await signIn(page);
  const evil = '<img src=x onerror=alert(1)>';
  const hit = postedHit({ read: { plate: '6XSS001', state: 'CA', confidence: 0.9 } });
  hit.matches[0] = { ...hit.matches[0]!, plate: '6XSS001', notes: evil, vehicle: evil, reason: evil };
  const res = await fetch(`${stack.hub.url}/hits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hit) });
  assert.equal(res.status, 202);
  const item = page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem').filter({ hasText: '6XSS001' });
  await item.waitFor();
  await item.click();
  const match = page.getByRole('region', { name: 'Hotlist match' });
  await match.waitFor();
  await waitFor('note shown', async () => (await match.innerText()).includes(evil));
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  await page.waitForTimeout(200);
  assert.deepEqual(dialogs, []);
  await page.close();
});

test('nothing is shown before sign-in, an empty field or a wrong password says so', async () => {
  const page = await stack.browser.newPage();
  await page.goto(stack.consoleApp.url);
  // Enter on the empty form: one plain sentence, and the focus on the field to fill.
  await page.getByLabel('Username').waitFor();
  await page.getByLabel('Username').press('Enter');
  await page.getByRole('alert').filter({ hasText: 'Enter your username and password.' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'sign-in-username');
  await page.getByLabel('Username').fill('dispatch1');
  await page.keyboard.press('Enter');
  await page.getByRole('alert').filter({ hasText: 'Enter your password.' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'sign-in-password');
  await page.getByLabel('Password').fill('wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(/wrong username or password/i).waitFor();
  assert.equal(await page.getByRole('list', { name: 'Hit queue' }).count(), 0);
  await page.close();
});

test('F5 reloads the console (sign in again) instead of refusing the page; the token stays out of the address bar', async () => {
  const page = await stack.browser.newPage();
  await signIn(page);
  assert.doesNotMatch(page.url(), /token=/);
  await page.reload();
  await page.getByLabel('Username').waitFor();
  assert.equal(await page.getByText(/REFUSED/).count(), 0);
  assert.doesNotMatch(page.url(), /token=/);
  await signInAndAcknowledge(page, 'dispatch1', 'night-shift-42');
  await page.close();
});

test('without the launch token the UI socket is refused', async () => {
  const page = await stack.browser.newPage();
  const base = stack.consoleApp.url.split('?')[0]!;
  await page.goto(`${base}?token=not-the-token`);
  await page.getByText(/token|not authori[sz]ed|refused/i).first().waitFor({ timeout: 10_000 });
  assert.equal(await page.getByRole('list', { name: 'Hit queue' }).count(), 0);
  await page.close();
});

test('at text size 200 % a queue row rearranges instead of cutting off its camera, age and status', async () => {
  const page = await stack.browser.newPage({ viewport: { width: 1366, height: 768 } });
  await signIn(page);
  const plate = '7BIG200';
  const hit = postedHit({ read: { plate, state: 'CA', confidence: 0.9 } });
  hit.matches[0] = { ...hit.matches[0]!, plate, reason: 'Felony warrant: registered owner' };
  await postHit(stack.hub.url, hit);
  const row = page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem').filter({ hasText: plate });
  await row.waitFor();
  const setSize = async (scale: string) => {
    await page.getByRole('navigation', { name: 'Console' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Text size').selectOption(scale);
    await waitFor(`text size ${scale}`, () => page.evaluate((s) => document.documentElement.dataset.fontScale === s, scale));
    await page.keyboard.press('Alt+1');
    await row.waitFor();
  };
  try {
    for (const width of [1366, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await setSize('200');
      // Other tests' hits share the queue: bring this row on screen (rows off screen skip layout).
      await row.scrollIntoViewIfNeeded();
      // Every part of the row inside the row, and the row inside the window.
      const outside = await row.evaluate((li) => {
        const box = li.getBoundingClientRect();
        const parts = [...li.children].map((c) => ({ what: c.className, r: c.getBoundingClientRect() }));
        return [
          ...(li.scrollWidth > li.clientWidth + 1 ? [`row content ${li.scrollWidth} px in a ${li.clientWidth} px row`] : []),
          ...(box.right > window.innerWidth + 1 ? ['row past the window'] : []),
          ...parts.filter((p) => p.r.width > 0 && (p.r.right > box.right + 1 || p.r.left < box.left - 1)).map((p) => `${p.what} cut off`),
        ];
      });
      if (process.env.ALPR_E2E_SHOTS) await page.screenshot({ path: `${process.env.ALPR_E2E_SHOTS}/queue-200-${width}.png` });
      assert.deepEqual(outside, [], `at ${width} px`);
      assert.match((await row.textContent()) ?? '', /NEW/, 'the status is shown');
      assert.match((await row.textContent()) ?? '', /Main St & 5th Ave/, 'the camera is shown');
    }
  } finally {
    await setSize('100');
    await page.close();
  }
});

test('at text size 200 % on a 1366 x 768 screen, a new-hit banner and the first queue row\'s plate are on screen together', async () => {
  const page = await stack.browser.newPage({ viewport: { width: 1366, height: 768 } });
  await signIn(page);
  const setSize = async (scale: string) => {
    await page.getByRole('navigation', { name: 'Console' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Text size').selectOption(scale);
    await waitFor(`text size ${scale}`, () => page.evaluate((s) => document.documentElement.dataset.fontScale === s, scale));
    await page.keyboard.press('Alt+1');
    await page.getByRole('list', { name: 'Hit queue' }).waitFor();
  };
  try {
    await setSize('200');
    await postHit(stack.hub.url, postedHit({ read: { plate: '7FOLD20', state: 'CA', confidence: 0.9 } }));
    const open = page.getByRole('alert').getByRole('button', { name: /^Open / }).first();
    await open.waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    const firstPlate = page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem').first().locator('.hit__plate');
    const [button, plate] = await Promise.all([open.boundingBox(), firstPlate.boundingBox()]);
    if (process.env.ALPR_E2E_SHOTS) await page.screenshot({ path: `${process.env.ALPR_E2E_SHOTS}/queue-200-768-banner.png` });
    assert.ok(button && button.y + button.height <= 768, `the banner's Open button on screen (${JSON.stringify(button)})`);
    assert.ok(plate && plate.y + plate.height <= 768, `the first row's plate on screen, without scrolling (${JSON.stringify(plate)})`);
    assert.ok(plate.height >= 60, `the plate keeps the chosen size (${plate.height} px high)`);
  } finally {
    await setSize('100');
    await page.close();
  }
});

test('arrow keys through the text sizes are all taken, however fast, and the last one is kept', async () => {
  const page = await stack.browser.newPage();
  await signIn(page);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('button', { name: 'Settings' }).click();
  const size = page.getByLabel('Text size');
  await size.focus();
  try {
    assert.equal(await size.inputValue(), '100');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    assert.equal(await size.inputValue(), '150', 'three presses, three steps');
    await waitFor('the page at 150 %', () => page.evaluate(() => document.documentElement.dataset.fontScale === '150'));
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.reload();
    await signInAndAcknowledge(page, 'dispatch1', 'night-shift-42');
    await waitFor('kept across a reload', () => page.evaluate(() => document.documentElement.dataset.fontScale === '150'));
  } finally {
    await page.getByRole('navigation', { name: 'Console' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Text size').selectOption('100');
    await waitFor('back to 100 %', () => page.evaluate(() => document.documentElement.dataset.fontScale === '100'));
    await page.close();
  }
});

test('at text size 200 % every field and choice on the search and hotlist screens grows with the text', async () => {
  const page = await stack.browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await signIn(page);
  const textSize = async (scale: string) => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Text size').selectOption(scale);
    await waitFor(`text size ${scale}`, () => page.evaluate((s) => document.documentElement.dataset.fontScale === s, scale));
  };
  // The font sizes of the visible text fields and drop-downs of a screen, in CSS pixels.
  const controlSizes = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('main input, main select, main textarea')]
        .filter((el) => !['checkbox', 'radio', 'hidden'].includes((el as HTMLInputElement).type) && (el as HTMLElement).offsetParent !== null)
        .map((el) => ({ what: el.id || el.getAttribute('name') || el.tagName, px: parseFloat(getComputedStyle(el).fontSize) })),
    );
  try {
    await textSize('200');
    for (const [key, screen] of [['Alt+2', 'Plate search'], ['Alt+3', 'Hotlist entries']] as const) {
      await page.keyboard.press(key);
      await page.getByRole('heading', { level: 1, name: screen }).waitFor();
      const sizes = await controlSizes();
      assert.ok(sizes.length >= 3, `${screen}: form controls found (${sizes.length})`);
      // 200 % puts the root at 32 px; a control left at the browser's own size stays near 13 px.
      const small = sizes.filter((s) => s.px < 28);
      assert.deepEqual(small, [], `${screen}: controls that did not grow`);
    }
  } finally {
    await textSize('100');
    await page.close();
  }
});

test('a hit that arrives while the dispatcher is changing a password still sounds and shows, counts in the title and on the bar, and leads back to the queue', async () => {
  const page = await stack.browser.newPage();
  await signIn(page);
  const count = async () => Number(/^\((\d+)\) /.exec(await page.title())?.[1] ?? 0);
  const before = await count();
  await page.getByRole('button', { name: 'Password' }).click();
  await page.getByRole('heading', { name: /password/i }).first().waitFor();
  const plate = '7AWAY01';
  const hit = postedHit({ read: { plate, state: 'CA', confidence: 0.9 } });
  hit.matches[0] = { ...hit.matches[0]!, plate };
  await postHit(stack.hub.url, hit);
  const alert = page.getByRole('alert').filter({ hasText: plate });
  await alert.waitFor();
  await waitFor('alert sound played', async () => (await alert.getAttribute('data-alert-sound')) === 'played');
  await waitFor('the window title counts the new hit', async () => (await count()) === before + 1);
  const badge = page.getByRole('navigation').getByRole('button', { name: /Hit queue/ });
  assert.match(await badge.innerText(), new RegExp(`${before + 1} new`), 'the bar counts it too');
  await alert.getByRole('button', { name: 'Back to the hit queue' }).click();
  await page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem').filter({ hasText: plate }).waitFor();
  await page.close();
});

test('a hit that arrives while the console is locked sounds on the lock screen and says a hit waits, without showing it', async () => {
  const page = await stack.browser.newPage();
  await signIn(page);
  // A hit waits unopened (with any the tests before left): the lock screen says how many,
  // quietly, never which.
  const earlier = postedHit({ read: { plate: '7LOCK01', state: 'CA', confidence: 0.9 } });
  earlier.matches[0] = { ...earlier.matches[0]!, plate: '7LOCK01', priority: 'low' };
  await postHit(stack.hub.url, earlier);
  await page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem').filter({ hasText: '7LOCK01' }).waitFor();
  await waitFor('the title counts it', async () => /^\(\d+\) /.test(await page.title()));
  const count = Number(/^\((\d+)\) /.exec(await page.title())![1]);
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await page.getByRole('heading', { name: 'Console locked' }).waitFor();
  await page.getByRole('status').filter({ hasText: new RegExp(`^${count} hits? not opened when the console locked \\(most urgent: (HIGH|MEDIUM|LOW)\\) — unlock to see`) }).waitFor();
  // Whose console it is, once: the bootstrap user's display name is its username.
  assert.match(await page.getByText(/^Locked for/).innerText(), /^Locked for dispatch1\. Enter your password/);
  const plate = '7LOCK02';
  const hit = postedHit({ read: { plate, state: 'CA', confidence: 0.9 } });
  hit.matches[0] = { ...hit.matches[0]!, plate, priority: 'high', reason: 'Stolen vehicle' };
  await postHit(stack.hub.url, hit);
  const alert = page.getByRole('alert').filter({ hasText: 'NEW HIT WAITING' });
  await alert.waitFor();
  await waitFor('alert sound played', async () => (await alert.getAttribute('data-alert-sound')) === 'played');
  assert.match(await alert.innerText(), /HIGH.*unlock to see it/);
  const text = await page.locator('body').innerText();
  assert.doesNotMatch(text, /7LOCK02|Stolen vehicle/, 'nothing of the hit on the locked screen');
  await page.getByLabel('Password').fill('night-shift-42');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('list', { name: 'Hit queue' }).getByRole('listitem').filter({ hasText: plate }).waitFor();
  // The hit the lock screen announced alerts on the console too, once unlocked.
  await page.getByRole('alert').filter({ hasText: /NEW HIT|NOT OPENED IN TIME/ }).waitFor();
  await page.close();
});

test('a new-hit banner nobody acknowledged stays up after the Password screen and after the lock screen', async () => {
  const page = await stack.browser.newPage();
  await signIn(page);
  const plate = '7KEEP03';
  const hit = postedHit({ read: { plate, state: 'CA', confidence: 0.9 } });
  hit.matches[0] = { ...hit.matches[0]!, plate };
  await postHit(stack.hub.url, hit);
  const queue = page.getByRole('list', { name: 'Hit queue' });
  await queue.getByRole('listitem').filter({ hasText: plate }).waitFor();
  const banner = page.getByRole('alert').filter({ hasText: /^(NEW HIT|NOT OPENED IN TIME) — / });
  await banner.waitFor();
  await page.getByRole('button', { name: 'Password' }).click();
  await page.getByRole('heading', { name: /password/i }).first().waitFor();
  await banner.waitFor();
  await page.getByRole('navigation').getByRole('button', { name: /Hit queue/ }).click();
  await queue.waitFor();
  await banner.waitFor({ timeout: 3000 });
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await page.getByRole('heading', { name: 'Console locked' }).waitFor();
  await page.getByLabel('Password').fill('night-shift-42');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await queue.waitFor();
  await banner.waitFor({ timeout: 3000 });
  // Acknowledged, it is gone, and coming back from another screen does not raise it again.
  await banner.getByRole('button', { name: /Acknowledge/ }).click();
  await banner.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Password' }).click();
  await page.getByRole('navigation').getByRole('button', { name: /Hit queue/ }).click();
  await queue.waitFor();
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await banner.count(), 0);
  await page.close();
});

test('on the settings screen each checkbox sits before its label, on the same line', async () => {
  const page = await stack.browser.newPage({ viewport: { width: 1366, height: 768 } });
  await signIn(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  for (const name of ['Desktop notifications when the console is not in front', 'Play the notification sound', 'Quiet hours (high-priority hits always notify)']) {
    const box = (await page.getByRole('checkbox', { name }).boundingBox())!;
    const label = (await page.locator('label', { hasText: name }).boundingBox())!;
    assert.ok(box.x + box.width <= label.x, `${name}: the box comes first`);
    assert.ok(Math.abs(box.y + box.height / 2 - (label.y + label.height / 2)) < 8, `${name}: on the label's line`);
  }
  await page.close();
});

test('the queue\'s columns line up from row to row whatever the plate\'s length', async () => {
  const page = await stack.browser.newPage({ viewport: { width: 1366, height: 768 } });
  await signIn(page);
  const plates = ['AB1', '8COL123', 'ABCD1234'];
  for (const plate of plates) {
    const hit = postedHit({ read: { plate, state: 'NV', confidence: 0.9 } });
    hit.matches[0] = { ...hit.matches[0]!, plate, state: 'NV' };
    await postHit(stack.hub.url, hit);
  }
  const queue = page.getByRole('list', { name: 'Hit queue' });
  const lefts: Record<string, number[]> = {};
  for (const plate of plates) {
    const row = queue.getByRole('listitem').filter({ hasText: plate });
    await row.waitFor();
    lefts[plate] = await row.evaluate((el) => ['.hit__what', '.hit__where', '.hit__age'].map((c) => Math.round(el.querySelector(c)!.getBoundingClientRect().left)));
  }
  const [first, ...rest] = Object.values(lefts);
  for (const other of rest) assert.deepEqual(other, first, `reason, place and age columns: ${JSON.stringify(lefts)}`);
  await page.close();
});

test('picking a screen on the bar by keyboard puts the focus in it: the queue keys work at once', async () => {
  const page = await stack.browser.newPage({ viewport: { width: 1366, height: 768 } });
  await signIn(page);
  for (const plate of ['7FOC001', '7FOC002']) {
    const hit = postedHit({ read: { plate, state: 'CA', confidence: 0.9 } });
    hit.matches[0] = { ...hit.matches[0]!, plate };
    await postHit(stack.hub.url, hit);
  }
  const queue = page.getByRole('list', { name: 'Hit queue' });
  await queue.getByText('7FOC002').waitFor();
  const nav = page.getByRole('navigation', { name: 'Console' });
  // Settings by Enter on its button: the focus is on the screen's heading, not left on the bar.
  await nav.getByRole('button', { name: 'Settings' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  await waitFor('focus in the settings screen', () => page.evaluate(() => document.getElementById('main')!.contains(document.activeElement)));
  // Back to the queue the same way: J moves the selection straight away.
  await nav.getByRole('button', { name: /^Hit queue/ }).focus();
  await page.keyboard.press('Enter');
  await waitFor('focus on the selected hit', () => page.evaluate(() => document.activeElement?.closest('.queue') !== null));
  const before = await page.evaluate(() => document.activeElement?.getAttribute('data-plate'));
  await page.keyboard.press('j');
  await waitFor('J moved the selection', () => page.evaluate((b) => document.activeElement?.getAttribute('data-plate') !== b, before));
  // Each button's tooltip names its key, and the key does what it says.
  const key = /^Settings \((Alt\+\d)\)$/.exec((await nav.getByRole('button', { name: 'Settings' }).getAttribute('title')) ?? '')?.[1];
  assert.ok(key, 'the Settings button names its key');
  await page.keyboard.press(key);
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  await page.close();
});
