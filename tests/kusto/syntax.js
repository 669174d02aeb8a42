// Kusto.Language's syntax verdict alone (npm @kusto/language-service-next): reads JSON
// lines {id, query} on stdin and prints, per line, {id, errors: [{code, start, len}]},
// the error diagnostics of `KustoCode.Parse` (no schemas, no semantic analysis).
// Usage: NODE_PATH=… node syntax.js < queries.jsonl
global.Bridge = require('@kusto/language-service-next/bridge.js');
require('@kusto/language-service-next/Kusto.Language.Bridge.js');
const readline = require('readline');

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const request = JSON.parse(line);
  const diagnostics = Kusto.Language.KustoCode.Parse(request.query).GetDiagnostics();
  const errors = [];
  for (let i = 0; i < diagnostics.Count; i++) {
    const d = diagnostics.getItem(i);
    if (d.Severity === 'Error') errors.push({ code: d.Code, start: d.Start, len: d.Length });
  }
  console.log(JSON.stringify({ id: request.id, errors }));
});
