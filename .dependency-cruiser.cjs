// The import arrows of ../shared/product/ARCHITECTURE.md, checked in `npm test`. Rules name folders, never file
// lists, so a new file in a folder obeys its folder's arrows; a redrawn arrow carries its reason in `comment`.
/** Every part of src/ that sits above the shared layer (domain, config, store, http, observability, crypto). */
const PARTS = '(app|bootstrap|bootstrap-storage|main)\\.ts$|^src/(oidc|journey|simulator|admin|cli|demo-rp|upstream|directory|contexts|ratelimit)/';

module.exports = {
  forbidden: [
    {
      name: 'contexts-are-pure',
      comment: 'contexts/ is the pure heart: rules over domain types only, no I/O, no other part.',
      severity: 'error',
      from: { path: '^src/contexts/' },
      to: { path: '^src/', pathNot: '^src/(contexts|domain)/' },
    },
    {
      name: 'domain-is-the-bottom',
      comment: 'domain/ holds the shared types and their pure helpers; it imports nothing of Kontekst.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'upstream-knows-no-other-part',
      comment: 'upstream → (nothing of the above): the MitID client knows no Koa, provider, journey, directory or contexts.',
      severity: 'error',
      from: { path: '^src/upstream/' },
      to: { path: PARTS, pathNot: '^src/upstream/' },
    },
    {
      name: 'directory-knows-no-other-part',
      comment: 'directory → (nothing of the above) but store: the MitID Erhverv model and its repositories.',
      severity: 'error',
      from: { path: '^src/directory/' },
      to: { path: PARTS, pathNot: '^src/directory/' },
    },
    {
      name: 'store-is-below-the-parts',
      comment: 'store → config: Redis plumbing serves the parts and knows none of them.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: PARTS },
    },
    {
      name: 'config-is-below-the-parts',
      comment:
        'config is read by everyone and reads no part, with one redrawn arrow: UPSTREAM_CLAIM_MAPPING is validated at ' +
        "load with the connector's own schema (upstream/claim-mapping.ts), so the schema exists once.",
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: PARTS, pathNot: '^src/upstream/claim-mapping\\.ts$' },
    },
    {
      name: 'oidc-only-down',
      comment: 'oidc → { contexts, directory } (and the shared layer, store for its adapters); never the journey, upstream or simulator.',
      severity: 'error',
      from: { path: '^src/oidc/' },
      to: { path: '^src/(journey|upstream|simulator|admin|cli|demo-rp|ratelimit)/|^src/(app|bootstrap|bootstrap-storage|main)\\.ts$' },
    },
    {
      name: 'journey-arrows',
      comment:
        'journey → { upstream, contexts, directory }. Redrawn: it finishes the provider\'s interaction, so it also writes ' +
        'what the provider reads later, in the provider\'s terms: the account ID (oidc/account-id.ts), the client\'s ' +
        'Kontekst metadata (oidc/client-metadata.ts) and the person snapshot (oidc/person-store.ts). Nothing else of oidc/.',
      severity: 'error',
      from: { path: '^src/journey/' },
      to: {
        path: '^src/(oidc|simulator|admin|cli|demo-rp)/|^src/(app|bootstrap|bootstrap-storage|main)\\.ts$',
        pathNot: '^src/oidc/(account-id|client-metadata|person-store)\\.ts$',
      },
    },
    {
      name: 'simulator-stands-apart',
      comment:
        'The MitID simulator is another identity provider: it shares the shared layer, never Kontekst\'s parts. Redrawn: ' +
        'in development it implements the MitID-issuing port admin defines (admin/ports/), as ARCHITECTURE says.',
      severity: 'error',
      from: { path: '^src/simulator/' },
      to: {
        path: '^src/(oidc|journey|contexts|directory|upstream|admin|cli|demo-rp)/|^src/(app|bootstrap|bootstrap-storage|main)\\.ts$',
        pathNot: '^src/admin/ports/',
      },
    },
    {
      name: 'admin-arrows',
      comment:
        'app → admin → { directory, domain }; cli → admin. admin imports neither oidc nor journey: what it needs from them ' +
        'is a port it defines and bootstrap wires.',
      severity: 'error',
      from: { path: '^src/admin/' },
      to: { path: '^src/(oidc|journey|simulator|upstream|contexts|demo-rp|cli)/|^src/(app|bootstrap|bootstrap-storage|main)\\.ts$' },
    },
    {
      name: 'parts-are-mounted-by-the-app',
      comment:
        'main → app → { oidc, journey, simulator, admin, activation }: only the composition (app, bootstrap, main, cli) reaches a ' +
        'part\'s routes. Redrawn: activation (the pages behind activation and setup links) is a browser part on the admin service, ' +
        'and logs in at MitID as the journey does, sharing its upstream cookie name and CSRF token maker.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(journey|admin|simulator|cli|activation)/|^src/(app|bootstrap|main)\\.ts$' },
      to: { path: '^src/(journey|admin)/', pathNot: '^src/journey/errors\\.ts$|^src/admin/ports/' },
    },
    {
      name: 'activation-uses-the-admin-service',
      comment: 'activation reaches the journey only for its upstream cookie name and CSRF token maker.',
      severity: 'error',
      from: { path: '^src/activation/' },
      to: { path: '^src/(journey|oidc|simulator|demo-rp|cli)/', pathNot: '^src/journey/(journey-store|login-step|errors)\\.ts$' },
    },
    {
      name: 'demo-rp-is-a-client',
      comment:
        'The demo relying party talks to Kontekst over OIDC only: no journey, simulator, directory or contexts. Redrawn: ' +
        'it recognises the error_description texts Kontekst sends (journey/errors.ts, upstream/errors.ts) to word them for a ' +
        'person, and names assurance levels as the simulator does (simulator/messages.ts).',
      severity: 'error',
      from: { path: '^src/demo-rp/' },
      to: {
        path: '^src/(journey|simulator|directory|contexts|admin|upstream|cli)/|^src/(app|bootstrap|bootstrap-storage)\\.ts$',
        pathNot: '^src/(journey|upstream)/errors\\.ts$|^src/simulator/messages\\.ts$',
      },
    },
    {
      name: 'only-main-reads-the-composition',
      comment: 'main.ts is the composition root; nothing imports it.',
      severity: 'error',
      from: {},
      to: { path: '^src/main\\.ts$' },
    },
    {
      name: 'src-does-not-import-tests-or-bench',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-circular',
      comment: 'A runtime cycle hides which side owns a fact (a type-only cycle is a shared vocabulary, not a load order).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: an arrow is an arrow whether it survives compilation or not.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
