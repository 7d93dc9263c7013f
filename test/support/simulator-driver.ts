// Where the tests' browser and MitID steps have always been imported from: thin re-exports of test/support/browser/ and mitid-steps.ts.
export { parseForms, type PageForm } from './browser/html.ts';
export { SimulatorBrowser, SimulatorDriverError, type SimulatorPage } from './browser/simulator-browser.ts';
export { CookieJar } from './browser/test-browser.ts';
export { completeSimulatorLogin, expectPage, shownCode, wrongOf, type LoginSteps } from './mitid-steps.ts';
