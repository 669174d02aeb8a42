"""Writes the grammar test files from the seed rules bundled in corpus/rules, with the
token scopes listed here (chosen by hand) asserted under their tokens in the format of
vscode-tmgrammar-test. Run from editors/vscode: python3 test/make_tests.py"""
import re, sys, pathlib

ROOT = pathlib.Path(__file__).resolve().parents[3]
RULES = ROOT / "corpus" / "rules"

def yaml_query(path):
    lines = (RULES / path).read_text().splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("query: |"))
    body = []
    for l in lines[start + 1:]:
        if l and not l.startswith("  "):
            break
        body.append(l[2:])
    return "\n".join(body).rstrip("\n").splitlines()

def toml_query(path):
    text = (RULES / path).read_text()
    return text.split("query = '''\n", 1)[1].split("'''", 1)[0].rstrip("\n").splitlines()

def annotate(lines, scope, description, checks):
    """checks: {line number (1-based): [(token, occurrence, scope), ...]}"""
    out = [f'// SYNTAX TEST "{scope}" "{description}"']
    for n, line in enumerate(lines, 1):
        out.append(line)
        for token, nth, expected in checks.get(n, []):
            starts = [m.start() for m in re.finditer(re.escape(token), line)]
            if len(starts) <= nth:
                sys.exit(f"{description}: line {n} has no {token!r} #{nth}")
            col = starts[nth]
            if col < 2:
                out.append("// <" + "-" * len(token) + " " + expected)
            else:
                out.append("//" + " " * (col - 2) + "^" * len(token) + " " + expected)
    return "\n".join(out) + "\n"

KQL = "source.kql"
seed001 = (RULES / "workload-identity-multiple-sps-created-by-single-principal.kql").read_text().splitlines()
tests = {
    "seed001.test.kql": annotate(seed001, KQL, "seed 001: workload identity SPs", {
        1: [("// Rule", 0, "comment.line.double-slash.kql")],
        19: [("let", 0, "storage.type.let.kql"), ("_allow", 0, "variable.other.declaration.kql"),
             ("materialize", 0, "entity.name.function.kql"), ('""', 0, "string.quoted.double.kql"),
             ("|", 0, "keyword.operator.pipe.kql"), ("take", 0, "keyword.control.tabular.kql"),
             ("0", 0, "constant.numeric.kql")],
        20: [("matches", 0, "keyword.operator.word.kql"), ("regex", 0, "keyword.operator.word.kql"),
             ("@'^", 0, "string.quoted.single.verbatim.kql"), ("summarize", 0, "keyword.control.tabular.kql")],
        26: [("mv-apply", 0, "keyword.control.tabular.kql"), ("typeof", 0, "keyword.other.kql"),
             ("on", 0, "keyword.other.kql")],
        28: [(">=", 0, "keyword.operator.kql"), ("and", 0, "keyword.operator.word.kql")],
        31: [("project-away", 0, "keyword.control.tabular.kql")],
        34: [("10m", 0, "constant.numeric.timespan.kql"), ("// sliding", 0, "comment.line.double-slash.kql")],
        40: [("=~", 0, "keyword.operator.kql"), ('"Add service principal"', 0, "string.quoted.double.kql")],
    }),
    "seed000.test.kql": annotate(yaml_query("provisioning-failure-burst-single-job.yaml"), KQL, "seed 000: provisioning failure burst", {
        2: [("where", 0, "keyword.control.tabular.kql"), ("ago", 0, "entity.name.function.kql"),
            ("1h", 0, "constant.numeric.timespan.kql")],
        3: [('"Failure"', 0, "string.quoted.double.kql")],
        15: [("by", 0, "keyword.other.kql")],
        16: [("// Conservative", 0, "comment.line.double-slash.kql")],
        18: [("order", 0, "keyword.control.tabular.kql"), ("desc", 0, "keyword.other.kql")],
    }),
    "seed004.test.kql": annotate(yaml_query("new-pa-pca-or-pcas-added-to-azure-devops.yaml"), KQL, "seed 004: new PA, PCA or PCAS", {
        3: [("has_any", 0, "keyword.operator.word.kql")],
        4: [("project-reorder", 0, "keyword.control.tabular.kql")],
        9: [("join", 0, "keyword.control.tabular.kql")],
        5: [("bin", 0, "entity.name.function.kql"), ("1h", 0, "constant.numeric.timespan.kql")],
        11: [("on", 0, "keyword.other.kql")],
    }),
    "seed002.test.esql": annotate(toml_query("azure-ad-graph-4xx-ratio.toml"), "source.esql", "seed 002: Azure AD Graph 4xx ratio", {
        1: [("from", 0, "keyword.control.command.esql"), ("metadata", 0, "keyword.other.esql")],
        2: [("|", 0, "keyword.operator.pipe.esql"), ("where", 0, "keyword.control.command.esql"),
            ("==", 0, "keyword.operator.esql"), ('"azure.aadgraphactivitylogs"', 0, "string.quoted.double.esql")],
        3: [("eval", 0, "keyword.control.command.esql"), ("case", 0, "entity.name.function.esql")],
        4: [("400", 0, "constant.numeric.esql"), ("and", 0, "keyword.operator.word.esql")],
        7: [("2 minutes", 0, "constant.numeric.timespan.esql")],
        8: [("stats", 0, "keyword.control.command.esql")],
        20: [("by", 0, "keyword.other.esql")],
    }),
}
for name, text in tests.items():
    (pathlib.Path(__file__).parent / name).write_text(text)
