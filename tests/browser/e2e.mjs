// e2e.mjs: the citizen's story in Debian's Chromium, driven headless by
// playwright-core, against the real vneid-authority, vneid-wallet and
// vneid-portal that stack.py started on 127.0.0.1.
//
//   node e2e.mjs STACK.json
//
// STACK.json (stack.py) says where everything is and the mode:
//   "e2e"   the scenarios, one TAP line each, then the accessibility checks;
//   "story" the demo: the same steps, printed as a story.
// Every step's screenshot goes to STACK.screenshots (NN-what.png).
// Only the fixed DOM hooks are relied on: input name = schema field name,
// [readonly][data-status=verified], button[name=decision][value=approve|decline],
// a[data-wallet-link]; otherwise forms are found by their action.
//
// SPDX-License-Identifier: LGPL-2.1-or-later
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const stack = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const story = stack.mode === 'story';
const PHONE = { width: 360, height: 780 };
const OFFICER = 'police-hn-01';

/* ---- reporting ---- */

let tapCount = 0;
let failures = 0;
function tap(ok, description, detail) {
  tapCount += 1;
  if (!ok) failures += 1;
  console.log(`${ok ? 'ok' : 'not ok'} ${tapCount} - ${description}`);
  if (!ok && detail) for (const line of String(detail).split('\n').slice(0, 15)) console.log(`# ${line}`);
}
function say(text) {
  if (story) console.log(text);
  else console.log(`# ${text}`);
}
class Refusal extends Error {}
function expect(condition, message) {
  if (!condition) throw new Refusal(message);
}

// One TAP line per scenario; a scenario stops at its first failed expectation.
// BROWSER_ONLY=REGEX runs only the scenarios whose description matches (debugging).
const only = process.env.BROWSER_ONLY ? new RegExp(process.env.BROWSER_ONLY) : null;
async function scenario(description, body) {
  if (only && !only.test(description)) return;
  if (story) say(`\n\x1b[1m== ${description}\x1b[0m`);
  try {
    await body();
    if (!story) tap(true, description);
  } catch (error) {
    if (story) throw error;
    tap(false, description, error instanceof Refusal ? error.message : error.stack);
  }
}

/* ---- the pages: screenshots and accessibility checks at every step ---- */

let shotCount = 0;
const a11y = { pages: 0, unlabelled: [], scrolling: [] };

async function step(page, what) {
  shotCount += 1;
  const file = path.join(stack.screenshots, `${String(shotCount).padStart(2, '0')}-${what}.png`);
  await page.screenshot({ path: file, fullPage: true });
  say(`   [${what}] ${page.url()}  (screenshot ${path.basename(file)})`);
  if (!page.jsEnabled) return;
  // the portal's waiting page reloads itself every 2 s (meta refresh): once more after a reload
  const problems = await inspect(page).catch(async () => {
    await page.waitForLoadState();
    return inspect(page);
  });
  a11y.pages += 1;
  if (problems.unlabelled.length) a11y.unlabelled.push(`${what}: ${problems.unlabelled.join(', ')}`);
  if (problems.scroll) a11y.scrolling.push(`${what}: ${problems.scroll} px wide at ${PHONE.width} px`);
}

// The inputs without a label, and how wide the page is when wider than the screen.
function inspect(page) {
  return page.evaluate(() => {
    const unlabelled = [];
    for (const input of document.querySelectorAll('input, select, textarea')) {
      if (['hidden', 'submit', 'button', 'reset', 'image'].includes(input.type)) continue;
      if (!input.labels || input.labels.length === 0) unlabelled.push(input.name || input.outerHTML.slice(0, 80));
    }
    const root = document.documentElement;
    return { unlabelled, scroll: root.scrollWidth > root.clientWidth + 1 ? root.scrollWidth : 0 };
  });
}

async function text(page) {
  return (await page.locator('body').innerText()).replace(/\s+/g, ' ');
}

// Submits the form whose action ends with @action (a POST form of the page),
// by its submit button (@button narrows it), and waits for the next page.
async function submit(page, action, button = '') {
  let form = page.locator(`form[action$="${action}"]`).first();
  // a form that posts back to its own page may leave out the action
  if (await form.count() === 0 && new URL(page.url()).pathname.endsWith(action)) {
    form = page.locator('form[method=post i]:not([action]), form[method=post i][action=""]').first();
  }
  expect(await form.count() === 1, `${page.url()}: no form posting to …${action}`);
  const target = form.locator(button || 'button[type=submit], button:not([type]), input[type=submit]').first();
  const [response] = await Promise.all([page.waitForNavigation(), target.click()]);
  return response;
}

async function fill(page, name, value) {
  const field = page.locator(`[name="${name}"]`).first();
  expect(await field.count() === 1, `${page.url()}: no input named ${name}`);
  const tag = await field.evaluate((el) => el.tagName);
  if (tag === 'SELECT') await field.selectOption(value);
  else await field.fill(value);
}

/* ---- the authority's side: SMS outbox and officer verbs ---- */

// The SMS messages the authority sent to @phone (its outbox: one JSON file each).
function messagesTo(phone) {
  const digits = phone.replace(/\D/g, '').slice(-9);
  const outbox = stack.authority.outbox;
  if (!fs.existsSync(outbox)) return [];
  return fs.readdirSync(outbox).filter((n) => n.endsWith('.json')).sort()
    .map((n) => JSON.parse(fs.readFileSync(path.join(outbox, n), 'utf8')))
    .filter((m) => m.to.replace(/\D/g, '').endsWith(digits));
}
function smsCount(phone) {
  return messagesTo(phone).length;
}
// The code of the newest message to @phone, which must be past the first @after.
function smsCode(phone, after = 0) {
  const mine = messagesTo(phone);
  expect(mine.length > after, `no new SMS to ${phone} in the outbox (${mine.length} so far)`);
  const text = mine[mine.length - 1].text;
  const code = text.match(/\d{6}/);
  expect(code, `the SMS has no 6-digit code: ${text}`);
  say(`   SMS to ${phone}: ${text}`);
  return code[0];
}

function officer(verb, ...args) {
  const done = spawnSync(stack.authority.program, [verb, ...args, '--database', stack.authority.database],
    { encoding: 'utf8', timeout: 120000 });
  expect(done.status === 0, `vneid-authority ${verb} ${args.join(' ')}: ${done.stderr}`);
  say(`   officer: vneid-authority ${verb} ${args.join(' ')}`);
  return done.stdout;
}

/* ---- what a form asks (the library's DCQL query for it) ---- */

function askedPaths(formId) {
  const done = spawnSync(stack.tool, ['request', '--client-id', 'redirect_uri:http://127.0.0.1/r',
    '--response-uri', 'http://127.0.0.1/r', '--form', formId, '--json'],
  { encoding: 'utf8', env: { ...process.env, VNEID_PLUGIN_PATH: stack.plugin_path } });
  expect(done.status === 0, `vneid request --form ${formId}: ${done.stderr}`);
  const query = JSON.parse(done.stdout).dcql_query;
  return query.credentials.map((c) => ({ id: c.id, paths: (c.claims || []).map((claim) => claim.path.join('.')) }));
}

/* ---- the citizen's wallet ---- */

function wallet(slug) { return stack.wallets[slug].url; }

async function register(page, citizen) {
  say(`   ${citizen.name} registers in the wallet: personal ID ${citizen.personal_id}, phone ${citizen.local_phone}, ${citizen.email}`);
  await page.goto(`${wallet(citizen.slug)}/register`);
  await fill(page, 'personal_id', citizen.personal_id);
  await fill(page, 'phone', citizen.local_phone);
  await fill(page, 'email', citizen.email);
  await step(page, `${citizen.slug}-register`);
  await submit(page, '/register');
  expect(/Chờ duyệt|Pending/i.test(await text(page)), `after registering, no "Chờ duyệt / Pending approval": ${await text(page)}`);
  await step(page, `${citizen.slug}-pending`);
  const before = smsCount(citizen.phone);
  officer('approve', citizen.personal_id, '--officer', OFFICER);
  const otp = smsCode(citizen.phone, before);
  say('   activation: the SMS code, and a password the citizen chooses');
  await page.goto(`${wallet(citizen.slug)}/activate`);
  await fill(page, 'otp', otp);
  await fill(page, 'password', citizen.password);
  await step(page, `${citizen.slug}-activate`);
  const response = await submit(page, '/activate');
  expect(response.status() < 400, `activation refused (${response.status()}): ${await text(page)}`);
  await login(page, citizen);
}

async function login(page, citizen) {
  await page.goto(`${wallet(citizen.slug)}/login`);
  if (await page.locator('[name=password]').count() === 0) {
    await step(page, `${citizen.slug}-home`);
    return; // already logged in: the wallet showed its home instead
  }
  if (await page.locator('form[action$="/login"] [name=personal_id]').count()) await fill(page, 'personal_id', citizen.personal_id);
  await fill(page, 'password', citizen.password);
  const response = await submit(page, '/login');
  expect(response.status() < 400, `login refused (${response.status()}): ${await text(page)}`);
  await step(page, `${citizen.slug}-home`);
}

async function receive(page, citizen, kind) {
  await page.goto(`${wallet(citizen.slug)}/receive`);
  const before = smsCount(citizen.phone);
  const choice = page.locator(`form[action$="/receive"] [name=credential]`);
  expect(await choice.count() > 0, `${page.url()}: no credential choice`);
  const form = page.locator('form[action$="/receive"]').filter({ has: page.locator('[name=credential]') }).first();
  const tag = await choice.first().evaluate((el) => `${el.tagName}:${el.type}`);
  if (tag.startsWith('SELECT')) {
    await choice.first().selectOption(kind);
    await Promise.all([page.waitForNavigation(), form.locator('button, input[type=submit]').first().click()]);
  } else if (tag.startsWith('INPUT:radio')) {
    await form.locator(`[name=credential][value=${kind}]`).check();
    await Promise.all([page.waitForNavigation(), form.locator('button, input[type=submit]').first().click()]);
  } else {
    await Promise.all([page.waitForNavigation(), form.locator(`[name=credential][value=${kind}]`).click()]);
  }
  say(`   the wallet asks the authority for the ${kind} credential; the tx_code comes by SMS`);
  await fill(page, 'tx_code', smsCode(citizen.phone, before));
  await step(page, `${citizen.slug}-receive-${kind}`);
  const response = await submit(page, '/receive');
  expect(response.status() < 400, `receiving ${kind} refused (${response.status()}): ${await text(page)}`);
}

/* ---- the portal ---- */

// Opens the form, presses "Điền từ VNeID": the waiting page.
async function startTransaction(page, portal, formId, label) {
  say(`   the portal's form ${formId}; "Điền từ VNeID" starts an OpenID4VP transaction`);
  await page.goto(`${portal}/forms/${formId}`);
  await step(page, `${label}-form-empty`);
  const response = await submit(page, `/forms/${formId}/vneid`);
  expect(response.status() === 200 && /\/tx\/[^/]+$/.test(new URL(page.url()).pathname),
    `"Điền từ VNeID" did not lead to the waiting page: ${response.status()} ${page.url()}`);
  const link = page.locator('a[data-wallet-link]');
  expect(await link.count() === 1, 'the waiting page has no a[data-wallet-link]');
  const qr = await page.locator('svg').count();
  expect(qr > 0, 'the waiting page shows no QR code (inline SVG)');
  await step(page, `${label}-waiting`);
  const href = await link.getAttribute('href');
  const scan = await page.locator('a[href^="openid4vp:"]').first().getAttribute('href');
  return { waiting: page.url(), href, scan };
}

// From the waiting page to the wallet's consent page: the same-device link
// (the portal's --wallet-url is @slug's wallet), else the openid4vp:// link
// pasted into @slug's wallet, as a QR scan on another device gives it.
async function openConsent(page, tx, slug, sameDevice) {
  if (sameDevice) {
    await Promise.all([page.waitForNavigation(), page.locator('a[data-wallet-link]').click()]);
  } else {
    await page.goto(`${wallet(slug)}/scan`);
    await fill(page, 'uri', tx.scan);
    await submit(page, '/scan');
  }
  return page;
}

async function decide(page, decision) {
  const button = page.locator(`button[name=decision][value=${decision}]`);
  expect(await button.count() === 1, `${page.url()}: no button[name=decision][value=${decision}]: ${await text(page)}`);
  const [response] = await Promise.all([page.waitForNavigation(), button.click()]);
  return response;
}

// The attribute paths the wallet's consent page lists (its rows carry
// data-attribute="PATH"), and the paths the form's DCQL query asks.
async function consentPaths(page) {
  return [...new Set(await page.$$eval('[data-attribute]', (rows) => rows.map((row) => row.dataset.attribute)))].sort();
}
function expectExactly(listed, asked, formId) {
  const want = [...new Set(asked.flatMap((c) => c.paths))].sort();
  const extra = listed.filter((p) => !want.includes(p));
  const missing = want.filter((p) => !listed.includes(p));
  expect(extra.length === 0 && missing.length === 0,
    `the consent page for ${formId} lists ${JSON.stringify(listed)}; the form's query asks ${JSON.stringify(want)}` +
    ` (extra: ${extra.join(', ') || 'none'}; missing: ${missing.join(', ') || 'none'})`);
  say(`   the consent page lists exactly what ${formId} reads: ${listed.join(', ')}`);
}

async function verifiedInputs(page) {
  return page.$$eval('[readonly][data-status=verified]', (els) => Object.fromEntries(els.map((el) => [el.name, el.value])));
}

// What the citizen types into the fields the state does not vouch for.
const TYPED = {
  recipient_authority: 'Công an phường Hai Bà Trưng',
  request_content: 'Đăng ký thường trú tại Số 18 Phố Hàng Chuối',
  occupation: 'Kỹ sư phần mềm',
  position: 'Trưởng nhóm',
};
async function typeTheRest(page) {
  const empty = await page.$$eval('form[action$="/submit"] input:not([type=hidden]):not([readonly]), form[action$="/submit"] textarea:not([readonly]), form[action$="/submit"] select',
    (els) => els.filter((el) => !el.value && !el.disabled).map((el) => ({ name: el.name, required: el.required, tag: el.tagName, type: el.type })));
  const typed = [];
  for (const field of empty) {
    if (TYPED[field.name]) {
      await fill(page, field.name, TYPED[field.name]);
      typed.push(field.name);
    } else if (field.required && field.tag === 'SELECT') {
      await page.locator(`[name="${field.name}"]`).selectOption({ index: 1 });
      typed.push(field.name);
    } else if (field.required) {
      await fill(page, field.name, field.type === 'date' ? '2026-12-01' : 'Thử nghiệm');
      typed.push(field.name);
    }
  }
  say(`   the citizen types the rest: ${typed.join(', ') || 'nothing'}`);
  return typed;
}

/* ---- the scenarios ---- */

const MAI = stack.citizens['tran-thi-mai'];
const SON = stack.citizens['lo-van-son'];
const portal = stack.portals.main;

// Values Mai's wallet must show for CT01 (asked), and some it must not (not asked).
const CT01_SHOWN = [MAI.name, MAI.personal_id];
const CT01_NOT_SHOWN = [MAI.claims.cccd.former_id_number, MAI.claims.bhyt.bhyt_number, MAI.claims.pid.place_of_origin,
  MAI.claims.cccd.identifying_features];

async function fillAndSubmit(page, portalUrl, formId, label, sameDevice = true) {
  const tx = await startTransaction(page, portalUrl, formId, label);
  await openConsent(page, tx, 'tran-thi-mai', sameDevice);
  await step(page, `${label}-consent`);
  const consent = await text(page);
  const listed = await consentPaths(page);
  expectExactly(listed, askedPaths(formId), formId);
  say('   the wallet shows who asks, why, and every attribute it will send: "Đồng ý" (approve)');
  await decide(page, 'approve');
  expect(new URL(page.url()).pathname.endsWith('/form'), `after consent, not the filled form: ${page.url()} ${await text(page)}`);
  const verified = await verifiedInputs(page);
  say(`   the form comes back filled; verified (read-only): ${Object.entries(verified).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  await step(page, `${label}-filled`);
  return { tx, consent, listed, verified };
}

async function main() {
  fs.mkdirSync(stack.screenshots, { recursive: true });
  const browser = await chromium.launch({ executablePath: stack.chromium, headless: true });
  say(`Chromium ${browser.version()} (${stack.chromium}), headless; screenshots in ${stack.screenshots}`);
  const newPhone = async (options = {}) => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'vi-VN', ...options });
    const page = await context.newPage();
    page.jsEnabled = options.javaScriptEnabled !== false;
    return page;
  };
  const mai = await newPhone();

  await scenario('a level-2 citizen registers, is approved, activates, is raised to level 2 and receives her credentials', async () => {
    await register(mai, MAI);
    officer('upgrade', MAI.personal_id, '--officer', OFFICER, '--card-number', MAI.personal_id);
    for (const kind of ['pid', 'cccd', 'contact', 'bhyt']) await receive(mai, MAI, kind);
    await mai.goto(`${wallet(MAI.slug)}/cards`);
    const cards = await text(mai);
    await step(mai, 'mai-cards');
    for (const value of [MAI.name, MAI.claims.bhyt.bhyt_number, MAI.claims.contact.email]) {
      expect(cards.includes(value), `the cards page does not show ${value}`);
    }
  });

  await scenario('CT01: the consent page lists exactly what the form needs; the filled form shows verified inputs readonly; submitted with a receipt', async () => {
    const { consent, verified } = await fillAndSubmit(mai, portal, 'vn.bca.ct01', 'ct01');
    expect(/dichvucong|Dịch vụ công/i.test(consent), 'the consent page does not say who asks (the registered name)');
    for (const value of CT01_SHOWN) expect(consent.includes(value), `the consent page does not list ${value}`);
    for (const value of CT01_NOT_SHOWN) expect(!consent.includes(value), `the consent page lists ${value}, which CT01 does not need`);
    expect(verified.full_name === MAI.name && verified.personal_id === MAI.personal_id,
      `verified inputs: ${JSON.stringify(verified)}`);
    const typed = await typeTheRest(mai);
    expect(typed.includes('recipient_authority') && typed.includes('request_content'), `typed: ${typed}`);
    await step(mai, 'ct01-typed');
    const response = await submit(mai, '/submit');
    expect(response.status() === 200 && /\/submissions\/[^/]+$/.test(mai.url()), `submission: ${response.status()} ${mai.url()} ${await text(mai)}`);
    const reference = decodeURIComponent(mai.url().split('/').pop());
    say(`   submitted: receipt ${reference}; the officer's list shows where each value came from`);
    expect((await text(mai)).includes(reference), 'the receipt does not show its reference number');
    await step(mai, 'ct01-receipt');
    await mai.goto(`${portal}/officer/submissions`);
    const list = await text(mai);
    await step(mai, 'officer-submissions');
    expect(list.includes(reference) && list.includes(MAI.name), 'the officer list lacks the submission');
  });

  await scenario('bank account form (level 2): consent lists the e-CCCD data it needs, the form is filled from the chip and submitted', async () => {
    const asked = askedPaths('vn.sbv.bank-account');
    expect(asked.some((c) => c.id === 'cccd'), `the bank form's query asks no e-CCCD: ${JSON.stringify(asked)}`);
    const { consent, verified } = await fillAndSubmit(mai, portal, 'vn.sbv.bank-account', 'bank');
    expect(consent.includes(MAI.claims.cccd.issuing_authority), 'the consent page does not list the e-CCCD issuing authority');
    expect(!consent.includes(MAI.claims.bhyt.bhyt_number), 'the consent page lists the BHYT number, which the bank form does not need');
    expect(verified.id_card_number === MAI.personal_id && verified.full_name === MAI.name,
      `verified inputs: ${JSON.stringify(verified)}`);
    await typeTheRest(mai);
    await step(mai, 'bank-typed');
    const response = await submit(mai, '/submit');
    expect(response.status() === 200 && /\/submissions\//.test(mai.url()), `submission: ${response.status()} ${await text(mai)}`);
    await step(mai, 'bank-receipt');
  });

  if (story) {
    await browser.close();
    return;
  }

  await scenario('a readonly field altered through the DOM is refused at submission, naming the field', async () => {
    await fillAndSubmit(mai, portal, 'vn.bca.ct01', 'tamper');
    await typeTheRest(mai);
    // the label the form gives the field, as the refusal should name it
    const label = await mai.evaluate(() => {
      const input = document.querySelector('[name=full_name][readonly][data-status=verified]');
      input.removeAttribute('readonly');
      input.value = 'Nguyễn Văn Giả';
      return input.labels[0].textContent.replace(/[*\s]+$/, '').trim();
    });
    const response = await submit(mai, '/submit');
    const page = await text(mai);
    await step(mai, 'tamper-refused');
    expect(response.status() === 422, `a changed verified value: HTTP ${response.status()}, want 422`);
    expect(page.includes(label) || page.includes('full_name'), `the refusal does not name the field (“${label}”): ${page}`);
    say(`   refused with HTTP 422: the field “${label}” was changed in the page`);
    await mai.goto(`${portal}/officer/submissions`);
    expect(!(await text(mai)).includes('Nguyễn Văn Giả'), 'the tampered submission was stored anyway');
  });

  await scenario('a citizen declines: the portal says so and the wallet history records it', async () => {
    const tx = await startTransaction(mai, portal, 'vn.bca.ct01', 'decline');
    await openConsent(mai, tx, 'tran-thi-mai', true);
    await step(mai, 'decline-consent');
    await decide(mai, 'decline');
    await step(mai, 'declined');
    expect(/từ chối|declined/i.test(await text(mai)), `after declining: ${await text(mai)}`);
    expect((await mai.locator('[readonly][data-status=verified]').count()) === 0, 'a declined transaction shows verified values');
    await mai.goto(`${wallet(MAI.slug)}/history`);
    await step(mai, 'history');
    expect(await mai.locator('[data-outcome=declined]').count() === 1, 'the wallet history does not record the declined sharing');
  });

  await scenario('a replayed wallet response is refused with a message', async () => {
    const tx = await startTransaction(mai, portal, 'vn.bca.ct01', 'replay');
    const second = await mai.context().newPage();
    second.jsEnabled = true;
    await openConsent(mai, tx, 'tran-thi-mai', true);
    await second.goto(tx.href);
    await decide(mai, 'approve');
    expect(new URL(mai.url()).pathname.endsWith('/form'), `the first answer did not fill the form: ${mai.url()}`);
    const response = await decide(second, 'approve');
    const page = await text(second);
    await step(second, 'replay-refused');
    expect(!new URL(second.url()).pathname.endsWith('/form') || response.status() >= 400,
      'the second answer to the same transaction led to a filled form');
    expect(/already|đã được trả lời/i.test(page), `the refusal does not say the request was already answered: ${page}`);
    await second.goto(`${wallet(MAI.slug)}/history`);
    expect(await second.locator('[data-outcome=refused]').count() >= 1, 'the wallet history does not record the refusal');
    await second.close();
  });

  await scenario('an expired transaction says so', async () => {
    const short = stack.portals.short;
    expect(short, 'no short-lifetime portal');
    const tx = await startTransaction(mai, short, 'vn.bca.ct01', 'expiry');
    await mai.waitForTimeout(4500);
    const response = await mai.goto(tx.waiting);
    await step(mai, 'expired-waiting');
    expect(response.status() === 410, `the waiting page of an expired transaction: HTTP ${response.status()}, want 410`);
    expect(/hết hạn|expired/i.test(await text(mai)), `it does not say "expired": ${await text(mai)}`);
    const walletResponse = await mai.goto(tx.href);
    if (await mai.locator('button[name=decision][value=approve]').count()) await decide(mai, 'approve');
    await step(mai, 'expired-wallet');
    expect((walletResponse.status() >= 400 || /hết hạn|expired/i.test(await text(mai))) &&
      !new URL(mai.url()).pathname.endsWith('/form'), `answering an expired transaction: ${await text(mai)}`);
  });

  await scenario('a level-1 citizen is told why the bank account form needs level 2; his wallet cannot answer it', async () => {
    const son = await newPhone();
    await register(son, SON);
    for (const kind of ['pid', 'bhyt']) await receive(son, SON, kind);
    const bank = await son.goto(`${portal}/forms/vn.sbv.bank-account`);
    const form = await text(son);
    await step(son, 'level1-told');
    expect(bank.status() === 200, `the bank form: ${bank.status()}`);
    expect(/mức( độ)? 2|level[- ]2/i.test(form) && /e-CCCD|Căn cước/i.test(form),
      `the bank form does not explain that it needs level 2 and why (the e-CCCD): ${form.slice(0, 600)}`);
    const tx = await startTransaction(son, portal, 'vn.sbv.bank-account', 'level1');
    await openConsent(son, tx, 'lo-van-son', false);
    await step(son, 'level1-wallet');
    const wallet = await text(son);
    expect(await son.locator('button[name=decision][value=approve]').count() === 0 && /cccd|Căn cước/i.test(wallet),
      `the level-1 wallet offers to answer the bank form, or does not say the e-CCCD is missing: ${wallet}`);
    await son.context().close();
  });

  await scenario('JavaScript disabled: the same-device flow completes (CT01 filled and submitted)', async () => {
    const nojs = await newPhone({ javaScriptEnabled: false });
    await login(nojs, MAI);
    const { verified } = await fillAndSubmit(nojs, portal, 'vn.bca.ct01', 'nojs');
    expect(verified.full_name === MAI.name, `verified inputs without JavaScript: ${JSON.stringify(verified)}`);
    await typeTheRest(nojs);
    const response = await submit(nojs, '/submit');
    expect(response.status() === 200 && /\/submissions\//.test(nojs.url()), `submission without JavaScript: ${await text(nojs)}`);
    await step(nojs, 'nojs-receipt');
    await nojs.context().close();
  });

  if (stack.portals.postgresql) {
    await scenario('[PostgreSQL portal] CT01 filled, submitted, and a replay refused', async () => {
      const pg = stack.portals.postgresql;
      const tx = await startTransaction(mai, pg, 'vn.bca.ct01', 'pg');
      const second = await mai.context().newPage();
      second.jsEnabled = true;
      await openConsent(mai, tx, 'tran-thi-mai', true);
      await second.goto(tx.href);
      await decide(mai, 'approve');
      expect((await verifiedInputs(mai)).full_name === MAI.name, 'the PostgreSQL portal did not fill the form');
      await typeTheRest(mai);
      const response = await submit(mai, '/submit');
      expect(response.status() === 200 && /\/submissions\//.test(mai.url()), `submission: ${await text(mai)}`);
      await step(mai, 'pg-receipt');
      await decide(second, 'approve');
      expect(!new URL(second.url()).pathname.endsWith('/form'), 'the PostgreSQL portal accepted a second answer');
      await second.close();
    });
  } else if (stack.mode === 'e2e') {
    if (stack.ci) tap(false, '[PostgreSQL portal] no PostgreSQL cluster (on CI this must run)');
    else { tapCount += 1; console.log(`ok ${tapCount} # SKIP [PostgreSQL portal] no PostgreSQL cluster`); }
  }

  await scenario('a revoked credential (the citizen locked her account at the authority) is refused', async () => {
    await mai.goto(`${wallet(MAI.slug)}/`);
    const response = await submit(mai, '/lock');
    expect(response.status() < 400, `locking: ${response.status()} ${await text(mai)}`);
    await step(mai, 'locked');
    // a portal that has not cached the status list yet (it caches up to the list's ttl)
    const tx = await startTransaction(mai, stack.portals.fresh, 'vn.bca.ct01', 'revoked');
    await openConsent(mai, tx, 'tran-thi-mai', true);
    await decide(mai, 'approve');
    await step(mai, 'revoked-refused');
    expect(!new URL(mai.url()).pathname.endsWith('/form') || (await verifiedInputs(mai)).full_name === undefined,
      'the portal accepted a revoked credential');
    expect(/thu hồi|revoked/i.test(await text(mai)), `the refusal does not say "revoked": ${await text(mai)}`);
  });

  if (!story) {
    tap(a11y.pages > 10 && a11y.unlabelled.length === 0, `every input has a label (${a11y.pages} pages checked)`, a11y.unlabelled.join('\n'));
    tap(a11y.pages > 10 && a11y.scrolling.length === 0, `no page scrolls horizontally at ${PHONE.width} px (${a11y.pages} pages)`, a11y.scrolling.join('\n'));
  }
  await browser.close();
}

try {
  await main();
} catch (error) {
  if (story) {
    console.error(`the story stopped: ${error instanceof Refusal ? error.message : error.stack}`);
    process.exit(1);
  }
  tap(false, 'the browser suite ran to its end', error.stack);
}
if (!story) {
  console.log(`1..${tapCount}`);
}
process.exit(failures ? 1 : 0);
