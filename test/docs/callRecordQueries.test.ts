import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { codeBlocks, projectPages } from './markdown';

// The Kusto queries of the docs (docs/call-records.md, docs/troubleshooting.md
// and any page that gains a kusto or kql block), as a reader pastes them, and
// docs/call-records.md's with the page's variants applied. KQL cannot run here, so they go through
// Microsoft's own parser and semantic analyzer (@kusto/language-service-next,
// the service the portal's query editor uses), against the columns of the
// tables they read: the Application Insights resource's `traces`, and the Log
// Analytics workspace's `AppTraces`
// (https://learn.microsoft.com/azure/azure-monitor/reference/tables/apptraces).
// A wrong column, function, type or a second tabular expression ("replace the
// last two lines" once left `calls` in place: KS005 "Expected: ;") is a
// diagnostic.

const load = createRequire(import.meta.url);
load('@kusto/language-service-next/bridge.min.js');
load('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
const Kusto = (globalThis as any).Kusto.Language;

const TRACES =
  '(timestamp:datetime, message:string, severityLevel:int, itemType:string, customDimensions:dynamic, customMeasurements:dynamic, operation_Name:string, operation_Id:string, operation_ParentId:string, operation_SyntheticSource:string, session_Id:string, user_Id:string, user_AuthenticatedId:string, user_AccountId:string, application_Version:string, client_Type:string, client_Model:string, client_OS:string, client_IP:string, client_City:string, client_StateOrProvince:string, client_CountryOrRegion:string, client_Browser:string, cloud_RoleName:string, cloud_RoleInstance:string, appId:string, appName:string, iKey:string, sdkVersion:string, itemId:string, itemCount:int)';
const APP_TRACES =
  '(TenantId:string, TimeGenerated:datetime, Message:string, SeverityLevel:int, Properties:dynamic, Measurements:dynamic, OperationName:string, OperationId:string, ParentId:string, SyntheticSource:string, SessionId:string, UserId:string, UserAuthenticatedId:string, UserAccountId:string, AppVersion:string, AppRoleName:string, AppRoleInstance:string, ClientType:string, ClientModel:string, ClientOS:string, ClientIP:string, ClientCity:string, ClientStateOrProvince:string, ClientCountryOrRegion:string, ClientBrowser:string, ResourceGUID:string, IKey:string, SDKVersion:string, ItemCount:int, ReferencedItemId:string, ReferencedType:string, SourceSystem:string, Type:string, _ResourceId:string)';

function database(table: string, schema: string): unknown {
  const symbols = Kusto.Symbols;
  return Kusto.GlobalState.Default.WithDatabase(new symbols.DatabaseSymbol.ctor('logs', [new symbols.TableSymbol.$ctor7(table, schema, null)]));
}
const APPLICATION_INSIGHTS = database('traces', TRACES);
const WORKSPACE = database('AppTraces', APP_TRACES);

/** What the analyzer says is wrong with `query`: code, message and the text it points at. */
function diagnostics(query: string, where: unknown): string[] {
  const found = Kusto.KustoCode.ParseAndAnalyze(query, where).GetDiagnostics();
  const problems: string[] = [];
  for (let i = 0; i < found.Count; i++) {
    const d = found.getItem(i);
    problems.push(`${d.Code} ${d.Message} at ${JSON.stringify(query.slice(d.Start, d.Start + Math.max(d.Length, 20)))}`);
  }
  return problems;
}

const isQuery = (block: { lang: string }) => block.lang === 'kusto' || block.lang === 'kql';
const allQueries = projectPages().flatMap(codeBlocks).filter(isQuery);
const page = projectPages().find((p) => p.name === 'docs/call-records.md')!;
const queries = codeBlocks(page).filter(isQuery);
const WORKSPACE_LINE = /`(let traces = AppTraces[^`]*)`/.exec(page.text)?.[1];
const WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5 };

describe('the Kusto queries of the docs', () => {
  it('the language service reports an unknown column and a second tabular expression, so its silence below means something', () => {
    expect(diagnostics('traces | where nosuchcolumn > 1', APPLICATION_INSIGHTS).join('\n')).toMatch(/KS142/);
    expect(diagnostics('traces | take 1\ntraces | take 1', APPLICATION_INSIGHTS).join('\n')).toMatch(/KS005/);
  });

  it('each query of each page is valid KQL against the table it reads; one on traces also with the workspace line first', () => {
    // The pages that have queries today, each still found (a page whose blocks went unseen would pass unchecked).
    expect([...new Set(allQueries.map((query) => query.page))]).toEqual(expect.arrayContaining(['docs/call-records.md', 'docs/troubleshooting.md']));
    expect(queries.length).toBeGreaterThan(1);
    expect(WORKSPACE_LINE, 'docs/call-records.md gives the line that runs the queries in a workspace').toBeDefined();
    for (const query of allQueries) {
      const onWorkspace = /\bAppTraces\b/.test(query.code);
      expect(diagnostics(query.code, onWorkspace ? WORKSPACE : APPLICATION_INSIGHTS), query.where).toEqual([]);
      if (!onWorkspace) expect(diagnostics(`${WORKSPACE_LINE}\n${query.code}`, WORKSPACE), `${query.where}, in a workspace`).toEqual([]);
    }
  });

  it('each variant of the day, applied as the page says, is valid KQL', () => {
    const instruction = /Replace the last (\w+) lines(?:, from `(\w+)` on,)?[^:]*:\n\n((?:- .*\n)+)/.exec(page.text);
    expect(instruction, 'the page no longer says how to apply the variants').not.toBeNull();
    const [, count = '', from, list = ''] = instruction as RegExpExecArray;
    const n = WORDS[count] as number;
    const before = page.text.slice(0, instruction!.index);
    const query = queries.filter((q) => before.includes(q.code)).pop()!;
    const lines = query.code.trimEnd().split('\n');
    if (from) expect(lines.at(-n), `the lines replaced begin at \`${from}\``).toBe(from);
    const variants = [...list.matchAll(/^- [^`]*`([^`]+)`/gm)].map((m) => m[1] as string);
    expect(variants.length).toBe(3);
    for (const variant of variants) {
      const applied = [...lines.slice(0, -n), variant].join('\n');
      expect(diagnostics(applied, APPLICATION_INSIGHTS), variant).toEqual([]);
      expect(diagnostics(`${WORKSPACE_LINE}\n${applied}`, WORKSPACE), `${variant}, in a workspace`).toEqual([]);
    }
  });
});
