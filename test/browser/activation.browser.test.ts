// The setup link and activation pages in Chromium: the walk with JavaScript off (setup wizard, code activation with a dedicated
// MitID and the SMS code read at /dev/outbox), and axe-core on every page at desktop and 375 px, in Danish and English.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/admin/service.ts';
import { useBrowserWorld } from './support/browser-world-hooks.ts';
import { axeViolations } from './support/axe.ts';
import { logInAtMitId } from './support/mitid.ts';

const OPERATOR: Principal = { kind: 'operator', clientId: 'browser-activation' };
const BIRGITTE_CPR = '2411851240';
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 375, height: 740 },
];
const session = useBrowserWorld();
let nextCvr = 30000000;

/** The next unused modulus-11 valid CVR number. */
function freshCvr(): string {
  const weights = [2, 7, 6, 5, 4, 3, 2, 1];
  for (;;) {
    nextCvr += 1;
    const digits = String(nextCvr);
    if ([...digits].reduce((sum, digit, i) => sum + Number(digit) * weights[i]!, 0) % 11 === 0) return digits;
  }
}

const admin = () => session.world().kontekst.admin;

async function connect(administrator: { cpr?: string; birthDate?: string }, withSettings: boolean) {
  const cvr = freshCvr();
  const answer = await admin().connectOrganisation(OPERATOR, {
    cvr,
    name: `Browser ${cvr} ApS`,
    ...(withSettings
      ? {
          settings: {
            privateMitIdAllowed: true,
            allowedMeans: ['app' as const, 'code_display' as const],
            sharedMeansAllowed: false,
            requiredLoa: 'substantial' as const,
          },
        }
      : {}),
    administrator: { givenName: 'Birgitte', familyName: 'Lund', email: `admin@${cvr}.example`, ...administrator },
  });
  return {
    cvr,
    link: `${session.world().url}/activation/${(answer.administrator.activation as { id: string }).id}`,
    code: (answer as { code?: string }).code,
    uuid: answer.administrator.uuid as string,
  };
}

async function expectClean(page: Page, label: string): Promise<void> {
  expect(await axeViolations(page), label).toEqual([]);
}

/** The SMS code, read where a developer reads it: the development outbox viewer. */
async function smsCodeFromOutbox(page: Page, mobile: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    await page.goto(`${session.world().url}/dev/outbox`);
    const row = page.locator('tr', { hasText: mobile }).first();
    if (await row.count()) {
      await row.locator('a').click();
      const text = (await page.locator('main').textContent()) ?? '';
      return /(?:kode er|code is) (\d{6})/.exec(text)![1]!;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`no SMS to ${mobile}`);
}

describe('with JavaScript off', () => {
  it('the named administrator sets up the organisation from the setup link, with a matching private MitID', async () => {
    const { cvr, link, uuid } = await connect({ cpr: BIRGITTE_CPR }, false);
    const page = await session.openPage({ locale: 'da-DK' });
    await page.goto(link);
    await page.getByRole('button', { name: 'Bekræft med dit private MitID' }).click();
    await logInAtMitId(page, { userId: 'birgitte.lund', lang: 'da', means: 'code_display' });
    await page
      .getByRole('group', { name: /private MitID til erhverv/ })
      .getByLabel('Ja')
      .check();
    await page
      .getByRole('group', { name: /deles med andre/ })
      .getByLabel('Nej')
      .check();
    await page.getByRole('group', { name: 'MitID-midler, organisationen tilbyder' }).getByLabel('MitID-app').check();
    await page.getByRole('group', { name: 'MitID-midler, organisationen tilbyder' }).getByLabel('Kodeviser').check();
    await page.getByRole('group', { name: 'Foretrukket MitID-middel' }).getByLabel('MitID-app').check();
    await page.getByLabel('E-mail').fill('birgitte@browser.example');
    await page.getByRole('button', { name: 'Videre til opsummering' }).click();
    await page.getByRole('button', { name: 'Bekræft og tilslut organisationen' }).click();
    await page.getByRole('button', { name: 'Brug mit private MitID' }).click();
    expect(await page.locator('h1').textContent()).toBe('Du er klar');
    expect((await admin().directory.organisationRecord(cvr))?.state).toBe('connected');
    expect((await admin().directory.userRecord(uuid))?.state).toBe('active');
  });

  it('a birth-date user activates with the code and gets a dedicated MitID after the SMS code', async () => {
    const { link, code, uuid } = await connect({ birthDate: '1995-12-05' }, true);
    const page = await session.openPage({ locale: 'en-GB' });
    await page.goto(link);
    await page.getByLabel('Activation code (8 digits)').fill(code!);
    await page.getByRole('button', { name: 'Confirm code' }).click();
    await page.getByLabel('Choose a user ID').fill(`lise.${uuid.slice(0, 8)}`);
    await page.getByRole('group', { name: 'Choose a MitID means' }).getByLabel('Code display').check();
    await page.getByLabel('Mobile number').fill('+4520304050');
    await page.getByRole('button', { name: 'Send a code to my mobile' }).click();
    const smsPage = page.url();
    const smsCode = await smsCodeFromOutbox(await session.openPage(), '+4520304050');
    expect(page.url()).toBe(smsPage);
    await page.getByLabel('Code from the text message').fill(smsCode);
    await page.getByRole('button', { name: 'Confirm and create MitID' }).click();
    expect(await page.locator('h1').textContent()).toBe('You are ready');
    expect((await admin().directory.userRecord(uuid))?.dedicatedMitIds).toHaveLength(1);
  });
});

describe('axe-core on the activation and setup pages', () => {
  for (const locale of ['da-DK', 'en-GB']) {
    for (const viewport of VIEWPORTS) {
      it(`${locale} at ${viewport.width} px: start, wrong code, choice, SMS, refusal and wizard pages`, async () => {
        const page = await session.openPage({ locale, viewport, javaScriptEnabled: true });
        const lang = locale.startsWith('da') ? 'da' : 'en';
        const { link, code } = await connect({ birthDate: '1990-02-02' }, true);
        await page.goto(link);
        await expectClean(page, 'start (code)');
        await page.locator('#code').fill(code === '00000000' ? '11111111' : '00000000');
        await page.locator('#code-form button').click();
        await expectClean(page, 'wrong code');
        await page.locator('#code').fill(code!);
        await page.locator('#code-form button').click();
        await expectClean(page, 'choice');
        await page.locator('#userId').fill('x');
        await page.locator('#dedicated-form button').click();
        await expectClean(page, 'choice with an error');
        await page.locator('#userId').fill(`axe.${Date.now()}`);
        await page.locator('#mobile').fill('+4520304060');
        await page.locator('#dedicated-form button').click();
        await expectClean(page, 'sms');
        await page.goto(`${session.world().url}/activation/00000000-0000-4000-8000-000000000000`);
        await expectClean(page, 'unknown link');

        const setup = await connect({ cpr: BIRGITTE_CPR }, false);
        await page.goto(setup.link);
        await expectClean(page, 'start (setup)');
        await page.locator('#mitid-form button').click();
        await logInAtMitId(page, { userId: 'birgitte.lund', lang, means: 'code_display' });
        await expectClean(page, 'wizard');
        await page.locator('#setup-form button').click();
        await expectClean(page, 'wizard with an error');
        await page.locator('#privateMitIdAllowed-yes').check();
        await page.locator('#allowed-app').check();
        await page.locator('#preferred-app').check();
        await page.locator('#field-email').fill('axe@browser.example');
        await page.locator('#setup-form button').click();
        await expectClean(page, 'summary');
        await page.locator('#confirm-form button').click();
        await page.locator('#private-form button').click();
        await expectClean(page, 'receipt');
      });
    }
  }
});
