// The result columns that Kusto.Language (npm @kusto/language-service-next) infers for
// each query: reads JSON lines {id, query} on stdin and prints, per line,
// {id, errors, open, columns: [[name, type], ...] | null}, where `errors` counts the
// error diagnostics and `columns` is null when the result is not a table.
// Usage: NODE_PATH=… node result_schema.js SCHEMA_FOLDER < queries.jsonl
global.Bridge = require('@kusto/language-service-next/bridge.js');
require('@kusto/language-service-next/Kusto.Language.Bridge.js');
const fs = require('fs');
const readline = require('readline');
const Language = Kusto.Language;
const Symbols = Language.Symbols;

// One table symbol per `T.schema` file of the folder (`Column:type` lines, `#` comments).
function tableSymbols(folder) {
  const symbols = [];
  for (const file of fs.readdirSync(folder)) {
    if (!file.endsWith('.schema')) continue;
    const columns = fs.readFileSync(`${folder}/${file}`, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const at = line.lastIndexOf(':');
        const name = line.slice(0, at);
        const safe = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `['${name}']`;
        return `${safe}:${line.slice(at + 1)}`;
      });
    symbols.push(new Symbols.TableSymbol.$ctor7(file.replace(/\.schema$/, ''), `(${columns.join(', ')})`, null));
  }
  return symbols;
}

// Sentinel's `_GetWatchlist(alias)`: a workspace function whose rows have open columns.
function watchlistFunction() {
  const body = '{ datatable(_DTItemId:string, LastUpdatedTimeUTC:datetime, SearchKey:string, '
    + 'WatchlistItem:dynamic)[] | evaluate bag_unpack(WatchlistItem) }';
  return new Symbols.FunctionSymbol.$ctor16('_GetWatchlist', '(alias:string)', body, null);
}

const members = tableSymbols(process.argv[2]);
members.push(watchlistFunction());
const database = new Symbols.DatabaseSymbol.$ctor1('Sentinel', members);
const globals = Language.GlobalState.Default.WithDatabase(database);

// The result of one query: error count, and the columns when the result is a table.
function resultOf(query) {
  const code = Language.KustoCode.ParseAndAnalyze(query, globals);
  const diagnostics = code.GetDiagnostics();
  let errors = 0;
  for (let i = 0; i < diagnostics.Count; i++) {
    if (diagnostics.getItem(i).Severity === 'Error') errors++;
  }
  const result = code.ResultType;
  if (!result || !(result instanceof Symbols.TableSymbol)) {
    return { errors, open: false, columns: null };
  }
  const columns = [];
  for (let i = 0; i < result.Columns.Count; i++) {
    const column = result.Columns.getItem(i);
    columns.push([column.Name, column.Type.Name]);
  }
  return { errors, open: result.IsOpen, columns };
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, query } = JSON.parse(line);
  console.log(JSON.stringify({ id, ...resultOf(query) }));
});
