/**
 * The files `init` writes that depend on nothing but the API's name: a tiny example
 * spec (when there is no `--from`), the CI workflow, tsconfig.json and .gitignore.
 */

/** The example spec's operations: init adds a tool for each, so the project generates as written. */
export const EXAMPLE_OPERATIONS = ['getStatus', 'getMe'] as const;

/** One operation without credentials and one acting as the user, so both authTypes show. */
export function exampleSpecText(api: string): string {
  return `# An example OpenAPI description: replace it with your API's (or run dta-mcp init --from <spec>).
openapi: 3.1.0
info:
  title: ${api}
  version: 0.1.0
servers:
  - url: https://api.example.com
paths:
  /status:
    get:
      operationId: getStatus
      summary: Whether the API is up.
      tags: [system]
      security: []
      responses:
        '200':
          description: The API is up.
          content:
            application/json:
              schema:
                type: object
                required: [status]
                properties:
                  status: { type: string }
  /me:
    get:
      operationId: getMe
      summary: The signed-in user's profile.
      tags: [user]
      responses:
        '200':
          description: The profile.
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: { type: string }
                  name: { type: string }
security:
  - bearer: []
components:
  securitySchemes:
    bearer:
      type: http
      scheme: bearer
`;
}

/** Checks every pull request: manifests against the specs, and generated/ against both. */
export const WORKFLOW = `name: dta-mcp
on:
  pull_request:
  push:
    branches: [main]
jobs:
  tools:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - run: npx dta-mcp validate --format github   # annotations on the pull request's diff
      - run: npx dta-mcp generate --check           # fails when generated/ is stale
`;

/**
 * What the generated code type-checks with (generate reads it). Without one, generate
 * falls back to options that need @types/node installed in the project.
 */
export const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noUncheckedIndexedAccess: true,
      allowImportingTsExtensions: true,
      verbatimModuleSyntax: true,
      skipLibCheck: true,
      noEmit: true,
    },
    include: ['generated/**/*.ts', 'manifests/**/*.ts'],
  },
  null,
  2,
)}\n`;

export const GITIGNORE = 'node_modules/\n.env\n';
